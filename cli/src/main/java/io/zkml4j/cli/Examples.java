package io.zkml4j.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the bundled examples: under the working directory, or next to the program (cli/target/zkml.jar → examples/). */
final class Examples {
    private Examples() {}

    /** The examples/fashion-mnist directory. */
    static Path locate() {
        return root().resolve("fashion-mnist");
    }

    /** The examples directory (holding fashion-mnist/ and bench/). */
    static Path root() {
        Path cwd = Path.of("examples");
        if (Files.isDirectory(cwd.resolve("fashion-mnist"))) {
            return cwd;
        }
        try {
            Path jar = Path.of(Examples.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                Path candidate = p.resolve("examples");
                if (Files.isDirectory(candidate.resolve("fashion-mnist"))) {
                    return candidate;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the message below
        }
        throw new Main.UserError("cannot find the examples directory; run from the repository or pass --examples DIR");
    }
}
