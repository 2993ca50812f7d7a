/** Shared set-up for compare mode's tests: the si_domain comparison (E7, guard on vs off). */
import e7 from '../../../scenarios/examples/e07-si-domain-freed-on-group-release.v5.3.json';
import type { Scenario } from '../../kernel/types';
import { useCompare } from '../../store';

/** E7 as the page's library has it. */
export const E7 = e7 as Scenario;

/** Opens the si-free comparison in the app's stores, at its first step. */
export function openSiFree(): void {
  useCompare.getState().open({
    id: 'si-free',
    scenario: structuredClone(E7),
    left: { fixes: { 'si-domain-free-guard': true } },
    right: { fixes: { 'si-domain-free-guard': false } },
  });
  useCompare.setState({ picked: null, pointer: null });
}
