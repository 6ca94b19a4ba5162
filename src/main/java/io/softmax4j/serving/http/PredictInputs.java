package io.softmax4j.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.imaging.ImageInputException;
import io.softmax4j.imaging.PreparedImage;
import io.softmax4j.imaging.SafeImageReader;
import io.softmax4j.serving.ImagePreparation;
import io.softmax4j.serving.InvalidInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Turns a prediction request's body into model inputs. Three shapes are accepted:
 * <ul>
 *   <li>JSON {@code {"instances": [[784 values in 0..1], ...]}} (pixel arrays, as the model takes them),
 *       or {@code {"images": ["<base64 PNG/JPEG/BMP/GIF, or a data: URL>", ...]}}, with optional
 *       {@code "top"}, {@code "prepare"} and {@code "returnInput"};</li>
 *   <li>image files: multipart parts named {@code image}, or one image as the whole body ({@code image/*});</li>
 *   <li>{@code application/octet-stream}: images back to back as raw bytes, one byte (0..255) per
 *       pixel, row-major, white on black (the MNIST files' own layout).</li>
 * </ul>
 * Image files go through the same reading and preparation as {@code predict}
 * ({@link SafeImageReader}, {@link ImagePreparation}).
 */
final class PredictInputs {
    /** Pixel arrays are parsed with Jackson's fast (correctly rounded) number parser: most of a JSON batch's cost. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** The JSON request body. */
    record JsonBody(List<float[]> instances, List<String> images, Integer top, String prepare, Boolean returnInput) {
    }

    /** One image file of a request: its bytes and a name for error messages. */
    record ImageFile(String name, byte[] bytes) {
    }

    /**
     * What to classify.
     *
     * @param pixels the model inputs, one row per image
     * @param seen   the prepared pictures of image inputs (what the model saw), else null
     * @param names  a name per input for error messages and the answer
     */
    record Inputs(float[][] pixels, List<PreparedImage> seen, List<String> names) {
    }

    private PredictInputs() {
    }

    static JsonBody parseJson(byte[] body, int rowLength) {
        JsonBody fast = PixelJsonScanner.scan(body, rowLength);
        return fast != null ? fast : parseWithJackson(body);
    }

    /** The JSON body through Jackson: every shape, and every error message. */
    static JsonBody parseWithJackson(byte[] body) {
        try {
            JsonBody parsed = JSON.readValue(body, JsonBody.class);
            if (parsed == null) {
                throw new ApiException(400, "the request body is JSON null; send {\"instances\": [[...]]} or {\"images\": [\"<base64>\"]}");
            }
            return parsed;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            String what = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("")
                    .replaceAll(" \\(start marker at .*$", "").replaceAll(" \\(class [^)]*\\)", "");
            throw new ApiException(400, "the request body is not a valid prediction request" + where + ": " + what
                    + "; send {\"instances\": [[...]]} or {\"images\": [\"<base64>\"]}");
        } catch (java.io.IOException e) {
            throw new ApiException(400, "cannot read the request body: " + e.getMessage());
        }
    }

    /** The JSON body's inputs: exactly one of {@code instances} and {@code images}. */
    static Inputs fromJson(JsonBody body, ModelManifest.InputContract in, boolean asIs, long maxImagePixels, int maxBatch) {
        boolean hasInstances = body.instances() != null;
        boolean hasImages = body.images() != null;
        if (hasInstances == hasImages) {
            throw new ApiException(400, "give exactly one of \"instances\" (pixel arrays) and \"images\" (base64 image files)");
        }
        if (hasInstances) {
            List<float[]> rows = body.instances();
            checkCount(rows.size(), maxBatch);
            List<String> names = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                names.add("instances[" + i + "]");
                checkPixels(rows.get(i), in, names.get(i));
            }
            return new Inputs(rows.toArray(new float[0][]), null, names);
        }
        checkCount(body.images().size(), maxBatch);
        List<ImageFile> files = new ArrayList<>(body.images().size());
        for (int i = 0; i < body.images().size(); i++) {
            files.add(new ImageFile("images[" + i + "]", base64(body.images().get(i), i)));
        }
        return fromImages(files, in, asIs, maxImagePixels, maxBatch);
    }

    /** Image files, read safely and prepared as {@code predict} does. */
    static Inputs fromImages(List<ImageFile> files, ModelManifest.InputContract in, boolean asIs, long maxImagePixels,
                             int maxBatch) {
        checkCount(files.size(), maxBatch);
        SafeImageReader reader = new SafeImageReader(maxImagePixels, SafeImageReader.DEFAULT_MAX_SIDE);
        ImagePreparation preparation = new ImagePreparation(in, asIs);
        float[][] pixels = new float[files.size()][];
        List<PreparedImage> seen = new ArrayList<>(files.size());
        List<String> names = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            ImageFile f = files.get(i);
            try {
                PreparedImage p = preparation.prepare(reader.read(f.bytes(), "image"), Path.of("image"));
                pixels[i] = p.pixels();
                seen.add(p);
                names.add(f.name());
            } catch (ImageInputException e) {
                int status = e.problem() == ImageInputException.Problem.TOO_LARGE ? 413
                        : e.problem() == ImageInputException.Problem.UNSUPPORTED_FORMAT
                        || e.problem() == ImageInputException.Problem.NOT_AN_IMAGE ? 415 : 400;
                throw new ApiException(status, prefix(f.name(), e.getMessage()));
            } catch (InvalidInputException e) {
                throw new ApiException(400, f.name() + ": " + e.getMessage());
            }
        }
        return new Inputs(pixels, seen, names);
    }

    /** The training data's pixel scaling (byte * (1/255f), as {@code LabeledImages.scaledPixels}), so raw bytes give training's numbers. */
    private static final float PIXEL_SCALE = 1f / 255f;

    /** Raw pixels: {@code n * length} bytes, one per pixel (0..255, scaled as the training data is). */
    static Inputs fromRawBytes(byte[] body, ModelManifest.InputContract in, int maxBatch) {
        int length = in.length();
        if (body.length == 0 || body.length % length != 0) {
            throw new ApiException(400, "an application/octet-stream body holds images of " + length + " bytes each "
                    + "(one 0..255 byte per pixel, " + in.height() + "x" + in.width() + " row-major, white on black); got "
                    + body.length + " bytes, not a multiple of " + length);
        }
        int n = body.length / length;
        checkCount(n, maxBatch);
        float[][] pixels = new float[n][length];
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] row = pixels[i];
            int base = i * length;
            for (int j = 0; j < length; j++) {
                row[j] = (body[base + j] & 0xFF) * PIXEL_SCALE;
            }
            names.add("image " + i);
        }
        return new Inputs(pixels, null, names);
    }

    /** A pixel array's length and range, named by its place in the request. */
    private static void checkPixels(float[] row, ModelManifest.InputContract in, String name) {
        if (row == null) {
            throw new ApiException(400, name + " is null; give " + in.length() + " pixel values in 0..1");
        }
        if (row.length != in.length()) {
            throw new ApiException(400, name + " has " + row.length + " values; the model takes " + in.length()
                    + " (a " + in.height() + "x" + in.width() + " image, row-major, values in 0..1, white on black)");
        }
        for (int j = 0; j < row.length; j++) {
            if (!(row[j] >= 0f && row[j] <= 1f)) {
                throw new ApiException(400, name + "[" + j + "] is " + row[j] + ", outside 0..1"
                        + (row[j] > 1f ? "; scale 0..255 pixels by 1/255" : ""));
            }
        }
    }

    static void checkCount(int n, int maxBatch) {
        if (n == 0) {
            throw new ApiException(400, "the request holds no inputs; send at least one image or pixel array");
        }
        if (n > maxBatch) {
            throw new ApiException(413, "the request holds " + n + " inputs, over the limit of " + maxBatch
                    + " per request (--max-batch); split it into smaller batches");
        }
    }

    /** Whether to skip the MNIST-style preparation: {@code prepare} is {@code mnist} (default) or {@code as-is}. */
    static boolean asIs(String prepare) {
        if (prepare == null || prepare.isEmpty()) {
            return false;
        }
        return switch (prepare.toLowerCase(Locale.ROOT)) {
            case "mnist" -> false;
            case "as-is" -> true;
            default -> throw new ApiException(400, "prepare must be 'mnist' (prepare photos and scans as MNIST was made) "
                    + "or 'as-is' (already 28x28 grayscale, white on black), got '" + clip(prepare) + "'");
        };
    }

    private static byte[] base64(String text, int index) {
        if (text == null) {
            throw new ApiException(400, "images[" + index + "] is null; give a base64-encoded image file");
        }
        String data = text.startsWith("data:") && text.indexOf(',') > 0 ? text.substring(text.indexOf(',') + 1) : text;
        try {
            return Base64.getDecoder().decode(data.strip());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "images[" + index + "] is not valid base64 (" + e.getMessage()
                    + "); give the image file's bytes base64-encoded, or a data: URL");
        }
    }

    /** ImageInputException messages start with the placeholder name "image"; name the request's input instead. */
    private static String prefix(String name, String message) {
        return name + ": " + (message.startsWith("image: ") ? message.substring("image: ".length()) : message);
    }

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
