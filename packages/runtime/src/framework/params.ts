/**
 * Chain parameters live in state (`params/<name>`), written at genesis from the chain spec and changed only by
 * sudo, so that every node agrees on them and the state root covers them. Per-subnet values override them under
 * `params/<name>/<netuid>` where a module says so.
 */
import type { Value } from '@tensorium/primitives';
import { keysByString } from '../state/keys.js';
import type { State } from '../state/state.js';

export const paramKey: (name: string) => string = keysByString((name) => `params/${name}`);

export function getParam<T extends Value>(state: State, name: string): T {
  const v = state.get<T>(paramKey(name));
  if (v === undefined) throw new Error(`chain parameter "${name}" is not set`);
  return v;
}

export function getParamOr<T extends Value>(state: State, name: string, dflt: T): T {
  const v = state.get<T>(paramKey(name));
  return v === undefined ? dflt : v;
}

export function setParam(state: State, name: string, value: Value): void {
  state.set(paramKey(name), value);
}

export const paramBig = (state: State, name: string): bigint => BigInt(getParam<bigint | number>(state, name));
export const paramNum = (state: State, name: string): number => Number(getParam<bigint | number>(state, name));
