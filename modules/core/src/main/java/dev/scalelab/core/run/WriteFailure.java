package dev.scalelab.core.run;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A failed write with the path it was writing: the JDK's "No space left on device" names no file, and a user
 * whose disk filled up needs to know which one.
 */
final class WriteFailure {
    private WriteFailure() {
    }

    static FileSystemException at(Path file, IOException e) {
        if (e instanceof FileSystemException fse && fse.getFile() != null) {
            return fse;
        }
        FileSystemException named = new FileSystemException(file.toString(), null, e.getMessage());
        named.initCause(e);
        return named;
    }
}
