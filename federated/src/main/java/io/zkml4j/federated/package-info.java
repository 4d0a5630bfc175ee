/** Verifiable federated learning: participants prove their local training, the coordinator aggregates only updates that verify. */
package io.zkml4j.federated;
