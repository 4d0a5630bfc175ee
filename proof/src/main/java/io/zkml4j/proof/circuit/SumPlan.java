package io.zkml4j.proof.circuit;

/** The sum of a committed tensor over all its positions equals a public value of the statement (named). */
public record SumPlan(String label, TensorPlan tensor, String statementValue) {}
