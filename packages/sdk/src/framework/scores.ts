/**
 * The validator's score moving average (spec/neurons.md §4.4), in exact integers: rewards are converted once to
 * parts per 10^9, α to parts per 10^6, and every update is `floor((α·r + (10^6 − α)·s) / 10^6)`, so the same rewards
 * give the same scores on every machine (every product stays below 2^53). Unqueried uids get r = 0 and decay.
 */
import { NeuronError } from './errors.js';

/** Scale of rewards and scores: 1.0 = 10^9. */
export const SCORE_ONE = 1_000_000_000;
/** Scale of the moving-average weight: 1.0 = 10^6. */
export const ALPHA_ONE = 1_000_000;

/** A reward in [0, 1] as parts per 10^9 (NaN, negative → 0; above 1 → 1), rounded half up. */
export function rewardToPpb(r: number): number {
  if (!Number.isFinite(r) || r <= 0) return r === Number.POSITIVE_INFINITY ? SCORE_ONE : 0;
  if (r >= 1) return SCORE_ONE;
  return Math.floor(r * SCORE_ONE + 0.5);
}

/** α in (0, 1] as parts per 10^6. */
export function alphaToPpm(alpha: number): number {
  const a = Math.round(alpha * ALPHA_ONE);
  if (!(a > 0 && a <= ALPHA_ONE))
    throw new NeuronError('TNS_NEURON_CONFIG', `movingAverageAlpha must be in (0, 1], got ${alpha}`);
  return a;
}

export interface ScoreState {
  /** Scores per uid, parts per 10^9. */
  readonly scores: readonly number[];
  /** Hotkey per uid when the scores were last aligned with the metagraph. */
  readonly hotkeys: readonly string[];
}

export class ScoreBook {
  private s: number[];
  private hk: string[];

  constructor(
    readonly alphaPpm: number,
    init?: ScoreState,
  ) {
    this.s = init ? [...init.scores] : [];
    this.hk = init ? [...init.hotkeys] : [];
  }

  get scores(): readonly number[] {
    return this.s;
  }

  state(): ScoreState {
    return { scores: [...this.s], hotkeys: [...this.hk] };
  }

  /**
   * Aligns with the metagraph's hotkeys: a uid whose hotkey changed (re-registration) restarts at 0, new uids start
   * at 0, uids beyond the new n are dropped. Returns the uids that were reset.
   */
  align(hotkeys: readonly string[]): number[] {
    const reset: number[] = [];
    const next = hotkeys.map((h, uid) => {
      if (uid < this.hk.length && this.hk[uid] === h) return this.s[uid] ?? 0;
      if (uid < this.hk.length && (this.s[uid] ?? 0) !== 0) reset.push(uid);
      return 0;
    });
    this.s = next;
    this.hk = [...hotkeys];
    return reset;
  }

  /** One moving-average step: `rewards` (uid → ppb) for the queried uids, 0 for every other uid. */
  update(rewards: ReadonlyMap<number, number>): void {
    const a = this.alphaPpm;
    for (const uid of rewards.keys()) {
      if (!(uid >= 0 && uid < this.s.length))
        throw new NeuronError('TNS_NEURON_REWARD', `reward for unknown uid ${uid} (n = ${this.s.length})`);
    }
    this.s = this.s.map((s, uid) => Math.floor((a * (rewards.get(uid) ?? 0) + (ALPHA_ONE - a) * s) / ALPHA_ONE));
  }
}
