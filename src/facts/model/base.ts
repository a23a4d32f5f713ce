/** The base of every entity: a stable key and its evidence. */
import type { EvidenceRef } from '../../shared/evidence.js';

/** Every entity: a stable key (unique within its kind) and its evidence. */
export interface EntityBase {
  key: string;
  evidence: EvidenceRef[];
  /** The evidence of this entity was cut off (the file ends inside its record): no rule judges it. */
  evidenceTruncated?: boolean;
}
