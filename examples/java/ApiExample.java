// The zkml4j Java API end to end on the bundled Fashion-MNIST MLP. Run it from the repository root
// after building (./zkml --help builds the jar) with:
//     java -cp cli/target/zkml.jar examples/java/ApiExample.java
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.model.quant.Quantization;
import io.zkml4j.proof.AccuracyProof;
import io.zkml4j.proof.AccuracyProver;
import io.zkml4j.proof.AccuracyVerifier;
import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.VerifiedAccuracy;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.VerifiedInference;
import io.zkml4j.proof.Verifier;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.proof.Zkml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

public class ApiExample {
    public static void main(String[] args) throws Exception {
        Path examples = Path.of(args.length > 0 ? args[0] : "examples/fashion-mnist");
        Path keys = Files.createTempDirectory("zkml4j-keys");

        // The model owner quantises the ONNX model with calibration samples and commits to its weights.
        Quantization q = Zkml.quantize(examples.resolve("mlp.onnx"), examples.resolve("calibration.json"));
        System.out.println(q.report().format());
        ProvingKey pk = ProvingKey.create(q, CommitOptions.DEFAULT);
        pk.write(keys.resolve("model.pk"));                   // private: holds the weights
        pk.verifyingKey().write(keys.resolve("model.vk"));    // public: publish it

        // The prover proves a prediction; the proof file is all the verifier needs besides the key.
        Prover prover = new Prover(ProvingKey.read(keys.resolve("model.pk")));
        List<float[]> input = Zkml.readInputs(examples.resolve("input.json"), prover.model());
        InferenceProof proof = prover.prove(input);
        proof.write(keys.resolve("proof.bin"));

        // Anyone verifies it against the published key (and, here, the input it claims to be about).
        Verifier verifier = new Verifier(VerifyingKey.read(keys.resolve("model.vk")));
        VerifiedInference result = verifier.verify(InferenceProof.read(keys.resolve("proof.bin")), input);
        System.out.println("proven output: " + Arrays.toString(result.values().get(0)));
        System.out.println("predicted class: " + result.argmax(0) + " (" + Math.round(result.securityBits()) + "-bit security)");

        // A data owner commits to a labelled test set (here the first 100 bundled images), once for any number of models,
        // and proves the model's accuracy on it without showing a row, a label or a prediction.
        LabelledDataset all = LabelledDataset.read(examples.resolve("test-500.json"), null);
        LabelledDataset records = new LabelledDataset(all.featureNames(), Arrays.copyOf(all.rows(), 100), Arrays.copyOf(all.labels(), 100));
        DatasetKey data = DatasetKey.commit(records, DatasetKey.Options.DEFAULT);
        data.write(keys.resolve("data.dk"));                  // private: holds the rows
        data.description().write(keys.resolve("data.dc"));   // public: row count, names, format, commitment
        AccuracyProver.Result r = new AccuracyProver(prover).prove(DatasetKey.read(keys.resolve("data.dk")), Progress.NONE);
        r.proof().write(keys.resolve("accuracy.proof"));
        VerifiedAccuracy v = new AccuracyVerifier(VerifyingKey.read(keys.resolve("model.vk")))
                .verify(DatasetCommitment.read(keys.resolve("data.dc")), AccuracyProof.read(keys.resolve("accuracy.proof")));
        System.out.println("proven accuracy: " + v.correct() + " of " + v.total());
    }
}
