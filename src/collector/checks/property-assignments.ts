/** Assigning a property that changes a file or the system (policy CHANGING_PROPERTIES) fails. */
import type { Check } from '../check-model.js';
import { CHANGING_PROPERTIES } from '../policy.js';

export const propertyAssignmentsCheck: Check = {
  name: 'property-assignments',
  codes: ['system-write'],
  nodeTypes: ['assignment_expression'],
  visit(n, _fn, ctx) {
    const left = n.childForFieldName('left') ?? n.children[0];
    if (left && CHANGING_PROPERTIES.test(left.text)) {
      ctx.report('system-write', n, `assigning ${left.text.trim()} changes a file or the system`);
    }
  },
};
