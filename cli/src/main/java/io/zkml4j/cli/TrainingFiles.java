package io.zkml4j.cli;

import io.zkml4j.training.DenseNetwork;
import io.zkml4j.training.Recipe;
import io.zkml4j.training.TrainingSetupException;

import java.nio.file.Path;

/** A recipe and its initial network, with every problem reported as a one-line user error. */
final class TrainingFiles {
    private TrainingFiles() {}

    record Loaded(Recipe recipe, DenseNetwork initial) {}

    static Loaded load(Path recipeFile) {
        try {
            Recipe recipe = Recipe.read(recipeFile);
            return new Loaded(recipe, DenseNetwork.of(ModelFiles.onnx(recipe.model())));
        } catch (TrainingSetupException e) {
            throw new Main.UserError(e.getMessage());
        }
    }
}
