/**
 * Model inputs in files: {@link io.zkml4j.model.io.InputData} reads the EZKL-style JSON of the
 * examples and the command line (inputs, concatenated calibration samples, labels).
 */
package io.zkml4j.model.io;
