package io.fleetstream.benchmarks.nab;

/** One NAB application profile: the weights of true positives, false positives and false negatives. */
public record CostProfile(String name, double tpWeight, double fpWeight, double fnWeight) {
}
