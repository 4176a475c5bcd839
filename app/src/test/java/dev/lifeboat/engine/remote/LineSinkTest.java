package dev.lifeboat.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSinkTest {
    @Test
    void linesSplitAcrossChunksAndMultiByteCharactersArriveWhole() {
        List<String> lines = new ArrayList<>();
        LineSink sink = new LineSink() {
            @Override
            protected void line(Stream stream, String line) {
                lines.add(stream + ":" + line);
            }
        };
        byte[] b = "über\r\nzwei\nlast".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            sink.stdout(b, i, 1);
        }
        sink.stderr("err\n".getBytes(StandardCharsets.UTF_8), 0, 4);
        sink.finished();
        assertEquals(List.of("STDOUT:über", "STDOUT:zwei", "STDERR:err", "STDOUT:last"), lines);
    }
}
