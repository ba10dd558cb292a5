package io.avatar.transport.outputs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CloseCallbacksTest
{
    @Test
    void shouldRunEachCallbackOnceWhetherAddedBeforeOrAfterTheClose()
    {
        final CloseCallbacks callbacks = new CloseCallbacks();
        final List<String> ran = new ArrayList<>();
        callbacks.add(() -> ran.add("before-1"));
        callbacks.add(() -> ran.add("before-2"));
        assertEquals(List.of(), ran);
        callbacks.fire();
        assertEquals(List.of("before-1", "before-2"), ran);
        callbacks.add(() -> ran.add("after"));
        callbacks.fire();
        assertEquals(List.of("before-1", "before-2", "after"), ran);
    }

    @Test
    void shouldLetACallbackAddAnother()
    {
        final CloseCallbacks callbacks = new CloseCallbacks();
        final List<String> ran = new ArrayList<>();
        callbacks.add(() -> callbacks.add(() -> ran.add("nested")));
        callbacks.fire();
        assertEquals(List.of("nested"), ran);
    }
}
