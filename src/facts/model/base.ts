/** The base of every entity: a stable key and its evidence. */
import type { EvidenceRef } from '../../shared/evidence.js';

/** Every entity: a stable key (unique within its kind) and its evidence. */
export interface EntityBase {
  key: string;
  evidence: EvidenceRef[];
}
