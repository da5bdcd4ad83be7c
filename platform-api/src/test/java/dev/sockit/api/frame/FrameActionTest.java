package dev.sockit.api.frame;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameActionTest {

    @Test
    void each_factory_names_its_step_and_keeps_the_payload() {
        Buffer b = Buffer.buffer("x");
        assertEquals(FrameAction.Step.CONTINUE, FrameAction.next(b).step());
        assertSame(b, FrameAction.next(b).payload());
        assertEquals(FrameAction.Step.REPLY, FrameAction.reply(b).step());
        assertEquals(FrameAction.Step.CLOSE, FrameAction.replyAndClose(b).step());
        assertSame(b, FrameAction.replyAndClose(b).payload());
        assertEquals(FrameAction.Step.CLOSE, FrameAction.close().step());
        assertNull(FrameAction.close().payload());
    }

    @Test
    void refuses_a_missing_payload_except_for_a_plain_close() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameAction.reply(null));
        assertTrue(e.getMessage().contains("REPLY"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FrameAction.next(null));
        assertThrows(NullPointerException.class, () -> new FrameAction(null, Buffer.buffer()));
    }
}
