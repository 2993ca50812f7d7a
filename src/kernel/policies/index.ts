/** The policy module each kernel runs. */
import type { KernelId } from '../types';
import { policyOf } from '../versions';
import { policyA } from './a';
import { policyB } from './b';
import { policyC } from './c';
import { policyD } from './d';
import type { PolicyImpl } from './policy';

const BY_POLICY = { A: policyA, B: policyB, C: policyC, D: policyD };

/** The behaviour of one kernel version. */
export function policyFor(kernel: KernelId): PolicyImpl {
  return BY_POLICY[policyOf(kernel)];
}
