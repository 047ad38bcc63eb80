/**
 * `runYumaCaseText`: the JSON text of `runYumaCase` without building it as objects first. A 256-uid case with 12
 * steps prints about 1.5 MB, mostly bond rows; building them as pair arrays and then stringifying cost more than
 * the 13 epochs themselves. The text is byte-identical to `JSON.stringify(runYumaCase(raw, opts))` (tested).
 */
import { yumaCaseEpochs, yumaTraceToJson } from './caseRunner.js';
import type { YumaEpochOutput } from './types.js';

/** `[a,b,…]` for numbers or booleans, as JSON.stringify writes them. */
function list(v: ReadonlyArray<number | boolean>): string {
  return `[${v.join(',')}]`;
}

/** Rao amounts as JSON strings of digits. */
function raoList(v: ReadonlyArray<bigint>): string {
  return v.length === 0 ? '[]' : `["${v.join('","')}"]`;
}

/** Stored bond rows with a non-zero value, as `[[uid,[[target,u16],…]],…]`. */
function bondsText(out: YumaEpochOutput): string {
  const { rows, rowPtr, cols, vals } = out.bonds;
  const parts: string[] = [];
  for (let i = 0; i < rows; i++) {
    let row = '';
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
      const v = vals[k]!;
      if (v !== 0) row += `${row === '' ? '' : ','}[${cols[k]!},${v}]`;
    }
    if (row !== '') parts.push(`[${i},[${row}]]`);
  }
  return `[${parts.join(',')}]`;
}

function epochText(block: number, out: YumaEpochOutput): string {
  const explain = out.trace ? `,"explain":${JSON.stringify(yumaTraceToJson(out.trace))}` : '';
  return (
    `{"block":${block},"incentive":${list(out.incentive)},"dividends":${list(out.dividends)},` +
    `"consensus":${list(out.consensus)},"validator_trust":${list(out.validatorTrust)},` +
    `"validator_permit":${list(out.validatorPermit)},"active":${list(out.active)},` +
    `"emission":${raoList(out.emission)},"server_emission":${raoList(out.serverEmission)},` +
    `"validator_emission":${raoList(out.validatorEmission)},"bonds":${bondsText(out)}${explain}}`
  );
}

/** `JSON.stringify(runYumaCase(raw, opts))`, written directly. Throws what `runYumaCase` throws. */
export function runYumaCaseText(raw: unknown, opts: { explain?: boolean } = {}): string {
  const epochs: string[] = [];
  yumaCaseEpochs(raw, opts, (block, out) => epochs.push(epochText(block, out)));
  return `{"epochs":[${epochs.join(',')}]}`;
}
