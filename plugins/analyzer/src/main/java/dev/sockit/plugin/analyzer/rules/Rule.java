package dev.sockit.plugin.analyzer.rules;

/**
 * One expert rule: it reads the aggregate and the host facts and adds a {@link dev.sockit.api.Finding} for each
 * problem they show, under one {@link FindingCode}. A rule keeps no state; its family class groups it with the rules
 * that look at the same part of the stack, and {@link Rules#ALL} lists every rule in the order they run.
 */
@FunctionalInterface
interface Rule {

    /** Checks {@code context} and adds what it finds to {@code out}. */
    void check(RuleContext context, FindingSink out);
}
