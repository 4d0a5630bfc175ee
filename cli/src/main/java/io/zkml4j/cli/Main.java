package io.zkml4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code zkml} command. Exit codes: 0 success (a proof verified), 1 a proof was rejected,
 * 2 a usage or file error, 70 an internal error (a bug: please report it with the stack trace).
 */
@Command(name = "zkml", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Zero-knowledge proofs for machine learning: commit to a model, prove its predictions, verify them.",
                "", "  zkml commit --model model.onnx --calibration calib.json --out mymodel/",
                "  zkml prove  --pk mymodel/model.pk --input input.json --out proof.bin [--private-input]",
                "  zkml verify --vk mymodel/model.vk --proof proof.bin [--input input.json]", ""},
        subcommands = {CommitCommand.class, ProveCommand.class, VerifyCommand.class, AccuracyCommand.class, DataCommand.class,
                ProveAccuracyCommand.class, VerifyAccuracyCommand.class, TrainCommand.class, VerifyTrainingCommand.class, FlCommand.class, ExportVerifierCommand.class, VerifyEvmCommand.class, DemoCommand.class,
                BenchCommand.class, CoreDemoCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 70;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof UserError u) {
                cmd.getErr().println("zkml: " + u.getMessage());
                return USAGE;
            }
            cmd.getErr().println("zkml: internal error (please report it with what follows):");
            e.printStackTrace(cmd.getErr());
            return INTERNAL;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("zkml: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USAGE;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("zkml: out of memory; give Java more heap, e.g. ZKML_JAVA_OPTS=-Xmx16g");
            return USAGE;
        }
    }

    /** A mistake by the user (bad file, bad value): reported in one line, exit code 2. */
    public static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"zkml4j " + (v == null ? "development build" : v)};
        }
    }
}
