/**
 * Synapse definitions (spec/neurons.md §2.2): a route name (the Python class name), typed request and
 * response fields validated with zod, and the fields covered by the body hash (§2.4).
 *
 * On the wire a synapse is one flat JSON object: the base fields (`name`, `timeout`, …, `dendrite`,
 * `axon`, `computed_body_hash`) plus every request and response field under its own (Python) name.
 * Here the request fields are what the dendrite sends and the handler receives; the response fields are
 * what the handler returns and the dendrite hands back, validated.
 */
import { InvalidInputError } from '@tensorium/primitives';
import { z } from 'zod';
import { computeBodyHash } from './bodyHash.js';
import type { PyType } from './pyRepr.js';
import { emptyValueJson, initialValueOf, isRequiredField, pyTypeOf } from './pyType.js';

/** Base fields of every synapse; subclass fields may not reuse these names. */
export const BASE_FIELDS = [
  'name',
  'timeout',
  'total_size',
  'header_size',
  'dendrite',
  'axon',
  'computed_body_hash',
  'required_hash_fields',
] as const;
/** Default timeout (seconds) of a synapse and of a dendrite call. */
export const DEFAULT_TIMEOUT = 12;

type Shape = Record<string, z.ZodType>;
export type AnyObject = z.ZodObject<Shape>;

export interface SynapseDefinition<Req extends AnyObject = AnyObject, Res extends AnyObject = AnyObject> {
  readonly name: string;
  readonly streaming: false;
  readonly request: Req;
  readonly response: Res;
  /** Hashed field names, in hash order. */
  readonly hashFields: readonly string[];
  readonly defaultTimeout: number;
  /** Python type of every request and response field. */
  readonly fieldTypes: Readonly<Record<string, PyType>>;
  /** Fields that get a `bt_header_input_obj_*` header when not null. */
  readonly requiredFields: readonly string[];
  /** Values sent for the response fields in a request body (their defaults, else null). */
  readonly initialResponse: () => Record<string, unknown>;
}

export interface StreamingSynapseDefinition<Req extends AnyObject = AnyObject, Chunk = string>
  extends Omit<SynapseDefinition<Req, AnyObject>, 'streaming'> {
  readonly streaming: true;
  /** Turns the raw response bytes into chunks (default: the text of each received piece). */
  readonly decodeStream: (body: AsyncIterable<Uint8Array>) => AsyncIterable<Chunk>;
}

export type AnySynapse = SynapseDefinition<AnyObject, AnyObject> | StreamingSynapseDefinition<AnyObject, unknown>;
export type RequestOf<S> = S extends { request: infer R extends AnyObject } ? z.input<R> : never;
export type ParsedRequestOf<S> = S extends { request: infer R extends AnyObject } ? z.output<R> : never;
export type ResponseOf<S> = S extends SynapseDefinition<AnyObject, infer R> ? z.output<R> : never;
export type ResponseInputOf<S> = S extends SynapseDefinition<AnyObject, infer R> ? z.input<R> : never;
export type ChunkOf<S> = S extends StreamingSynapseDefinition<AnyObject, infer C> ? C : never;

export interface SynapseOptions<Req extends AnyObject, Res extends AnyObject> {
  /** Route name; must equal the Python class name to talk to Python neurons. PascalCase. */
  name: string;
  request: Req;
  response: Res;
  /**
   * Fields covered by the body hash, in order (Python `required_hash_fields`). Default: every request
   * field, so the signature protects the whole request. Use `[]` to match a Python synapse without any.
   */
  hashFields?: readonly (keyof Req['shape'] | keyof Res['shape'])[];
  /** Default timeout in seconds (12). */
  timeout?: number;
}

const NAME_RE = /^[A-Z][A-Za-z0-9_]*$/;
const FIELD_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function build<Req extends AnyObject, Res extends AnyObject>(o: SynapseOptions<Req, Res>) {
  if (!NAME_RE.test(o.name))
    throw new InvalidInputError('TNS_SYNAPSE_NAME', `synapse name must be PascalCase: "${o.name}"`);
  const reqShape = o.request.shape as Shape;
  const resShape = o.response.shape as Shape;
  const fieldTypes: Record<string, PyType> = {};
  const required: string[] = [];
  for (const shape of [reqShape, resShape]) {
    for (const [k, s] of Object.entries(shape)) {
      if (!FIELD_RE.test(k) || (BASE_FIELDS as readonly string[]).includes(k)) {
        throw new InvalidInputError('TNS_SYNAPSE_FIELD', `synapse ${o.name}: field name "${k}" is reserved or invalid`);
      }
      if (k in fieldTypes)
        throw new InvalidInputError(
          'TNS_SYNAPSE_FIELD',
          `synapse ${o.name}: "${k}" is both a request and a response field`,
        );
      fieldTypes[k] = pyTypeOf(s);
      if (isRequiredField(s)) required.push(k);
    }
  }
  const hashFields = (o.hashFields ?? Object.keys(reqShape)) as readonly string[];
  for (const f of hashFields) {
    if (!(f in fieldTypes))
      throw new InvalidInputError('TNS_SYNAPSE_FIELD', `synapse ${o.name}: unknown hash field "${f}"`);
  }
  const timeout = o.timeout ?? DEFAULT_TIMEOUT;
  if (!(timeout > 0) || !Number.isFinite(timeout))
    throw new InvalidInputError('TNS_SYNAPSE_TIMEOUT', `synapse ${o.name}: invalid timeout`);
  const initialResponse = () => {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(resShape)) out[k] = initialValueOf(s);
    return out;
  };
  return {
    name: o.name,
    request: o.request,
    response: o.response,
    hashFields: Object.freeze([...hashFields]),
    defaultTimeout: timeout,
    fieldTypes: Object.freeze(fieldTypes),
    requiredFields: Object.freeze(required),
    initialResponse,
  };
}

/** Defines a request/response synapse. */
export function defineSynapse<Req extends AnyObject, Res extends AnyObject>(
  o: SynapseOptions<Req, Res>,
): SynapseDefinition<Req, Res> {
  return Object.freeze({ ...build(o), streaming: false as const });
}

export interface StreamingSynapseOptions<Req extends AnyObject, Chunk>
  extends Omit<SynapseOptions<Req, AnyObject>, 'response'> {
  /** Response fields a Python `StreamingSynapse` declares (sent as their initial values); usually none. */
  response?: AnyObject;
  decodeStream?: (body: AsyncIterable<Uint8Array>) => AsyncIterable<Chunk>;
}

async function* decodeText(body: AsyncIterable<Uint8Array>): AsyncIterable<string> {
  const dec = new TextDecoder();
  for await (const piece of body) {
    const s = dec.decode(piece, { stream: true });
    if (s) yield s;
  }
  const tail = dec.decode();
  if (tail) yield tail;
}

/** Defines a streaming synapse (§2.10): the handler returns an async iterable of text or bytes. */
export function defineStreamingSynapse<Req extends AnyObject, Chunk = string>(
  o: StreamingSynapseOptions<Req, Chunk>,
): StreamingSynapseDefinition<Req, Chunk> {
  const response = o.response ?? (z.object({}) as unknown as AnyObject);
  const base = build<Req, AnyObject>({ ...o, response } as SynapseOptions<Req, AnyObject>);
  const decodeStream =
    o.decodeStream ?? (decodeText as unknown as (b: AsyncIterable<Uint8Array>) => AsyncIterable<Chunk>);
  return Object.freeze({
    ...base,
    request: o.request as Req,
    streaming: true as const,
    decodeStream,
  }) as StreamingSynapseDefinition<Req, Chunk>;
}

/** The body hash of a synapse for the given field values (request fields, response fields). */
export function synapseBodyHash(def: AnySynapse, values: Readonly<Record<string, unknown>>): string {
  return computeBodyHash(def.hashFields, values, def.fieldTypes);
}

/** `bt_header_input_obj_<field>` values: base64 of the JSON of an empty value of each required field's type. */
export function inputObjHeaders(def: AnySynapse, values: Readonly<Record<string, unknown>>): [string, string][] {
  const out: [string, string][] = [];
  for (const f of def.requiredFields) {
    const v = values[f];
    if (v === null || v === undefined) continue;
    const type = def.fieldTypes[f];
    if (!type) continue;
    out.push([f, Buffer.from(emptyValueJson(type, v), 'utf8').toString('base64')]);
  }
  return out;
}
