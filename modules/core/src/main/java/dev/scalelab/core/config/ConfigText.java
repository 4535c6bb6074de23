package dev.scalelab.core.config;

import dev.scalelab.core.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a config file's text with a bound on its size that holds before anything is parsed: reading stops one
 * byte past {@link YamlTree#MAX_CHARS}, so {@code /dev/zero}, a pipe that never ends or a huge file is refused
 * in one line instead of filling the heap.
 */
public final class ConfigText {
    private ConfigText() {
    }

    public static String read(Path file) {
        String shown = file.toString();
        if (Files.isDirectory(file)) {
            throw new UserInputException(shown + ": is a directory, not a config file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(YamlTree.MAX_CHARS + 1);
        } catch (NoSuchFileException e) {
            throw new UserInputException(shown + ": no such config file");
        } catch (AccessDeniedException e) {
            throw new UserInputException(shown + ": cannot read: permission denied");
        } catch (IOException e) {
            throw new UserInputException(shown + ": cannot read: " + e.getMessage());
        }
        if (bytes.length > YamlTree.MAX_CHARS) {
            throw new UserInputException(shown + ":1: file is larger than " + YamlTree.MAX_CHARS
                    + " bytes; not a config");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UserInputException(shown + ":1: not UTF-8 text");
        }
    }
}
