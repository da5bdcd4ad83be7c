/**
 * Host facts and socket mechanics shared by every socket process: see the module description.
 */
package dev.sockit.net;
