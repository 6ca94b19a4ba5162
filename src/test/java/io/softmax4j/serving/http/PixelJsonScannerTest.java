package io.softmax4j.serving.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JSON fast path gives Jackson's values bit for bit, and leaves everything else to Jackson. */
class PixelJsonScannerTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The fast path's answer, which must exist and equal Jackson's. */
    private static PredictInputs.JsonBody sameAsJackson(String json) {
        return sameAsJackson(json, 784);
    }

    /** The same, with {@code rowLength} as the expected row length (rows of other lengths are read too). */
    private static PredictInputs.JsonBody sameAsJackson(String json, int rowLength) {
        PredictInputs.JsonBody fast = PixelJsonScanner.scan(utf8(json), rowLength);
        assertNotNull(fast, () -> "the fast path refused " + json.substring(0, Math.min(200, json.length())));
        PredictInputs.JsonBody jackson = PredictInputs.parseWithJackson(utf8(json));
        assertEquals(jackson.instances().size(), fast.instances().size());
        for (int r = 0; r < fast.instances().size(); r++) {
            float[] a = jackson.instances().get(r);
            float[] b = fast.instances().get(r);
            assertEquals(a.length, b.length, "row " + r);
            for (int k = 0; k < a.length; k++) {
                int row = r;
                int col = k;
                assertEquals(Float.floatToRawIntBits(a[k]), Float.floatToRawIntBits(b[k]),
                        () -> "instances[" + row + "][" + col + "]: Jackson " + a[col] + ", fast path " + b[col]);
            }
        }
        assertEquals(jackson.images(), fast.images());
        assertEquals(jackson.top(), fast.top());
        assertEquals(jackson.prepare(), fast.prepare());
        assertEquals(jackson.returnInput(), fast.returnInput());
        return fast;
    }

    @Test
    void numbersInEveryUsualNotationRoundAsJacksonRoundsThem() {
        Random random = new Random(15);
        List<String> formats = List.of("%s", "%.6f", "%.3f", "%.17g", "%.9f", "%.12e", "%.1f");
        StringBuilder json = new StringBuilder("{\"instances\": [");
        for (int r = 0; r < 40; r++) {
            json.append(r == 0 ? "" : ", ").append('[');
            for (int k = 0; k < 784; k++) {
                double v = switch (k % 5) {
                    case 0 -> random.nextInt(256) / 255.0;           // Python's repr of a byte / 255
                    case 1 -> random.nextFloat();
                    case 2 -> random.nextDouble() * Math.pow(10, -random.nextInt(12));
                    case 3 -> random.nextInt(3) == 0 ? random.nextInt(2) : random.nextDouble();
                    default -> random.nextDouble() * 3 - 1;
                };
                String f = formats.get(random.nextInt(formats.size()));
                String text = f.equals("%s") ? (k % 2 == 0 ? Double.toString(v) : Float.toString((float) v))
                        : String.format(Locale.ROOT, f, v);
                json.append(k == 0 ? "" : random.nextBoolean() ? "," : " ,\n\t").append(text);
            }
            json.append(']');
        }
        sameAsJackson(json.append("]}").toString());
    }

    @Test
    void edgeNumbersAndOptionalFields() {
        String row = "[0, 1, -0, -0.0, 0.5, 1.0, 0.00392156862745098, 1e-3, 2.5E+2, 16777217, 16777216.5, 123456789012345678,"
                + " 0.1234567890123456789, 0.00000000001, 3.4028236e38, 1e-46, 0.30000001192092896, 1.00000005960464477539]";
        PredictInputs.JsonBody body = sameAsJackson(" {\"returnInput\":true, \"top\" : 2,\"prepare\":\"as-is\",\n\"instances\":[" + row
                + "," + row + "]} \n");
        assertEquals(2, body.instances().size());
        for (int rowLength : new int[] {1, 7, 18, 19}) { // shorter than the rows, their length, longer
            assertEquals(18, sameAsJackson("{\"instances\": [" + row + ", " + row + "]}", rowLength).instances().get(1).length);
        }
        sameAsJackson("{\"instances\": [[0.25]], \"top\": -1, \"returnInput\": false}");
        sameAsJackson("{\"instances\": [[0.25]], \"top\": 0}");
    }

    @Test
    void everyOtherShapeIsLeftToJackson() {
        for (String json : List.of("{\"images\": [\"aGVsbG8=\"]}", "{\"instances\": [[0.5]], \"images\": []}",
                "{\"instances\": [[0.5]], \"extra\": 1}", "{\"instances\": [[0.5]], \"prepare\": \"as\\u002dis\"}",
                "{\"instances\": [[0.5]], \"prepare\": null}", "{\"instances\": [[0.5]], \"top\": 2.0}",
                "{\"instances\": [[0.5]], \"top\": 02}", "{\"instances\": [[0.5]], \"instances\": [[0.5]]}",
                "{\"instances\": [[0.5, null]]}", "{\"instances\": [[]]}", "{\"instances\": []}", "{\"instances\": [[01]]}",
                "{\"instances\": [[.5]]}", "{\"instances\": [[1.]]}", "{\"instances\": [[+1]]}", "{\"instances\": [[NaN]]}",
                "{\"instances\": [[\"0.5\"]]}", "{\"instances\": [[1e]]}", "{\"instances\": [[0.5]]} trailing",
                "{\"instances\": [[0.5]]", "{\"instances\": [[0.5],]}", "{\"instances\": [[0.5 0.5]]}", "{}", "[]", "null",
                "", "{\"instances\": [[0.5]], \"returnInput\": tru}", "{\"instances\": [[0.5]], \"returnInput\": \"true\"}",
                "{\"instances\": [[12345678901234567890]]}", "{\"instänces\": [[0.5]]}")) {
            assertNull(PixelJsonScanner.scan(utf8(json), 784), json);
            // and the service's parse is Jackson's: the same value, or the same error
            try {
                PredictInputs.JsonBody jackson = PredictInputs.parseWithJackson(utf8(json));
                PredictInputs.JsonBody service = PredictInputs.parseJson(utf8(json), 784);
                assertEquals(String.valueOf(jackson.images()), String.valueOf(service.images()), json);
                assertEquals(jackson.instances() == null ? -1 : jackson.instances().size(),
                        service.instances() == null ? -1 : service.instances().size(), json);
            } catch (ApiException e) {
                ApiException service = assertThrows(ApiException.class, () -> PredictInputs.parseJson(utf8(json), 784), json);
                assertEquals(e.getMessage(), service.getMessage(), json);
                assertEquals(400, service.status(), json);
            }
        }
    }

    @Test
    void theBenchmarksBodyTakesTheFastPath() {
        // as bench/serve.sh writes it: Python's json.dump of round(byte / 255, 6)
        StringBuilder json = new StringBuilder("{\"instances\": [[");
        List<String> values = new ArrayList<>();
        for (int k = 0; k < 784; k++) {
            double v = Math.round((k * 37 % 256) / 255.0 * 1e6) / 1e6;
            values.add(v == 0 ? "0.0" : v == 1 ? "1.0" : Double.toString(v));
        }
        sameAsJackson(json.append(String.join(", ", values)).append("]]}").toString());
    }
}
