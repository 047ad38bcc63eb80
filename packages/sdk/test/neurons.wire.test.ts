/**
 * Wire format of the neurons protocol against vectors/protocol (sections synapse, axon_http nonce
 * window, networking), and a dendrite-built request checked by an independent implementation of
 * spec/neurons.md §2.3–§2.5 written here (node:crypto SHA3, hand-written Python str(), the util-crypto
 * verifier rather than the WebAssembly one the axon uses).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { cryptoReady, fromHex, keypairFromUri, ss58Decode, verifyReference } from '@tensorium/primitives';
import { z } from 'zod';
import {
  axonMessage,
  axonOptionsFromEnv,
  bareCallState,
  buildRequest,
  buildSynapseHeaders,
  checkNonce,
  computeBodyHash,
  createDendrite,
  DEFAULT_AXON_MAX_WORKERS,
  DEFAULT_AXON_PORT,
  DEFAULT_TIMEOUT,
  defineSynapse,
  EMPTY_BODY_HASH,
  intToIp,
  ipStr,
  ipToInt,
  ipVersion,
  isValidAxonPort,
  keypairSigner,
  NonceStore,
  PROTOCOL_VERSION,
  parseHeadersToInputs,
  parseSynapseHeaders,
  prepareFields,
  pyFloatRepr,
  pyRepr,
  pyStrRepr,
  requestMessage,
  synapseBodyHash,
  synapseJson,
  toJson,
  versionAsInt,
} from '../src/neurons/index.js';

const vectors = JSON.parse(readFileSync(new URL('../../../vectors/protocol/vectors.json', import.meta.url), 'utf8'));
const byId = (section: string, id: string) => {
  const v = (vectors[section] as { id: string }[]).find((x) => x.id === id);
  assert.ok(v, `vector ${section}/${id}`);
  return v as Record<string, any>;
};

/** Independent SHA3-256 (OpenSSL via node:crypto, not @noble). */
const sha3 = (s: string) => createHash('sha3-256').update(s, 'utf8').digest('hex');

before(async () => {
  await cryptoReady();
});

/** `repr()` of these values, printed by CPython 3.11 (the reference SDK's runtime). */
const CPYTHON_FLOAT_REPR: [number, string][] = [
  [3.9145e-320, '3.9145e-320'],
  [2.3576425653205174e-300, '2.3576425653205174e-300'],
  [6.858410257358684e-30, '6.858410257358684e-30'],
  [1.651926580007885e-17, '1.651926580007885e-17'],
  [5.822938038760203e-16, '5.822938038760203e-16'],
  [4.2912002522132696e-7, '4.2912002522132696e-07'],
  [1.5219903229723613e-6, '1.5219903229723613e-06'],
  [5.566921598704783e-5, '5.566921598704783e-05'],
  [0.0001337460925977864, '0.0001337460925977864'],
  [0.0049028111529614725, '0.0049028111529614725'],
  [0.016286988121715706, '0.016286988121715706'],
  [0.18164171200947857, '0.18164171200947857'],
  [4.820672702282626, '4.820672702282626'],
  [84.41669122048341, '84.41669122048341'],
  [211.42176503468102, '211.42176503468102'],
  [300915.0681463131, '300915.0681463131'],
  [66468990016.50304, '66468990016.50304'],
  [952938048211305.1, '952938048211305.1'],
  [6193926537557488.0, '6193926537557488.0'],
  [4.570124271857021e16, '4.570124271857021e+16'],
  [9.78629595033628e17, '9.78629595033628e+17'],
  [1.4192441255598065e20, '1.4192441255598065e+20'],
  [8.726216131438114e21, '8.726216131438114e+21'],
  [3.6064835769850864e22, '3.6064835769850864e+22'],
  [2.298295750216938e30, '2.298295750216938e+30'],
  [2.060130142705315e100, '2.060130142705315e+100'],
  [3.776336416917409e300, '3.776336416917409e+300'],
  [5e-324, '5e-324'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [0.1, '0.1'],
  [0.6666666666666666, '0.6666666666666666'],
  [1e22, '1e+22'],
  [1.2345678901234568e17, '1.2345678901234568e+17'],
  [9007199254740992.0, '9007199254740992.0'],
  [0.0001, '0.0001'],
  [9.999999999999999e-5, '9.999999999999999e-05'],
  [1e16, '1e+16'],
  [9999999999999998.0, '9999999999999998.0'],
  [0.30000000000000004, '0.30000000000000004'],
  [-1.5e-10, '-1.5e-10'],
  [100.0, '100.0'],
  [1234.5, '1234.5'],
];
const CPYTHON_STR_REPR: [string, string][] = [
  ['plain', "'plain'"],
  ["it's", '"it\'s"'],
  ['say "hi"', '\'say "hi"\''],
  ['both \' "', "'both \\' \"'"],
  ['\\', "'\\\\'"],
  ['tab\there', "'tab\\there'"],
  ['\u0001\u001f\u007f\u0080\u009f\u00a0\u00ad', "'\\x01\\x1f\\x7f\\x80\\x9f\\xa0\\xad'"],
  ['\u00e9 \u00f1 \u00fc', "'\u00e9 \u00f1 \u00fc'"],
  ['\u65e5\u672c\u8a9e', "'\u65e5\u672c\u8a9e'"],
  ['\ud83d\ude00 \ud83e\uddd1\u200d\ud83d\udcbb', "'\ud83d\ude00 \ud83e\uddd1\\u200d\ud83d\udcbb'"],
  ['\u2028\u2029\u00a0\u3000', "'\\u2028\\u2029\\xa0\\u3000'"],
  ['\ufeff\u200e', "'\\ufeff\\u200e'"],
  ['\ue000\uf8ff\ufffd', "'\\ue000\\uf8ff\ufffd'"],
  ['\udb40\udc01\udbff\udfff', "'\\U000e0001\\U0010ffff'"],
  ['a\nb\rc', "'a\\nb\\rc'"],
];

describe('python str()/repr()', () => {
  it('floats print like Python repr', () => {
    const cases: [number, string][] = [
      [12, '12.0'],
      [0.5, '0.5'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1e16, '1e+16'],
      [1234567890123456, '1234567890123456.0'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [-2.5e-7, '-2.5e-07'],
      [1.5e300, '1.5e+300'],
      [-0, '-0.0'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NaN, 'nan'],
    ];
    for (const [x, s] of cases) assert.equal(pyFloatRepr(x), s, `repr(${x})`);
  });

  it('agrees with CPython on a spread of floats and strings', () => {
    for (const [x, s] of CPYTHON_FLOAT_REPR) assert.equal(pyFloatRepr(x), s, `repr(${x})`);
    for (const [x, s] of CPYTHON_STR_REPR) assert.equal(pyStrRepr(x), s, `repr(${JSON.stringify(x)})`);
  });

  it('strings, lists and dicts print like Python repr', () => {
    const cases: [string, string][] = [
      ['foobar', "'foobar'"],
      ["it's", `"it's"`],
      ['a"b', `'a"b'`],
      [`both ' and "`, `'both \\' and "'`],
      ['tab\tnl\ncr\r\\', "'tab\\tnl\\ncr\\r\\\\'"],
      ['\x00\x7f', "'\\x00\\x7f'"],
      ['é€😀', "'é€😀'"],
      ['\u00a0\u200b\u2028', "'\\xa0\\u200b\\u2028'"],
    ];
    for (const [x, s] of cases) assert.equal(pyStrRepr(x), s, `repr(${JSON.stringify(x)})`);
    assert.equal(pyRepr(['foobar']), "['foobar']");
    assert.equal(pyRepr([1, 2.5], { kind: 'list', item: { kind: 'float' } }), '[1.0, 2.5]');
    assert.equal(pyRepr({ k: 1, n: null, b: true, l: [] }), "{'k': 1, 'n': None, 'b': True, 'l': []}");
    assert.equal(pyRepr(false), 'False');
    assert.equal(pyRepr(12345678901234567890n), '12345678901234567890');
  });
});

describe('body hash (§2.4)', () => {
  const v = byId('synapse', 'body_hash_hashed_fields');
  const Test = defineSynapse({
    name: 'Test',
    request: z.object({
      a: z.int(),
      b: z.int(),
      c: z.int().nullable().optional(),
      d: z.array(z.string()).nullable().optional(),
    }),
    response: z.object({}),
    hashFields: v.required_hash_fields,
  });

  it('matches the upstream vector', () => {
    assert.equal(synapseBodyHash(Test, v.instance), v.body_hash);
    assert.equal(synapseBodyHash(Test, { ...v.instance, c: 3 }), v.body_hash, 'c is not hashed');
    assert.equal(prepareFields(Test, v.instance).bodyHash, v.body_hash);
  });

  it('matches an independent computation', () => {
    const independent = sha3(sha3('1') + sha3('2') + sha3("['foobar']"));
    assert.equal(independent, v.body_hash);
    const F = defineSynapse({
      name: 'F',
      request: z.object({ x: z.number(), s: z.string(), m: z.record(z.string(), z.int()) }),
      response: z.object({}),
    });
    const got = synapseBodyHash(F, { x: 3, s: 'hi', m: { k: 1 } });
    assert.equal(got, sha3(sha3('3.0') + sha3('hi') + sha3("{'k': 1}")));
  });

  it('is sha3("") without hashed fields', () => {
    const e = byId('synapse', 'body_hash_no_hashed_fields');
    assert.equal(EMPTY_BODY_HASH, e.computed_body_hash);
    assert.equal(computeBodyHash([], {}), e.computed_body_hash);
    assert.equal(sha3(''), e.computed_body_hash);
  });

  it('defaults to hashing every request field', () => {
    const D = defineSynapse({
      name: 'Dummy',
      request: z.object({ dummy_input: z.int() }),
      response: z.object({ dummy_output: z.int().nullable().optional() }),
    });
    assert.deepEqual(D.hashFields, ['dummy_input']);
    assert.equal(synapseBodyHash(D, { dummy_input: 7, dummy_output: null }), sha3(sha3('7')));
  });

  it('rejects bad definitions', () => {
    assert.throws(
      () => defineSynapse({ name: 'lowercase', request: z.object({}), response: z.object({}) }),
      /PascalCase/,
    );
    assert.throws(
      () => defineSynapse({ name: 'X', request: z.object({ timeout: z.int() }), response: z.object({}) }),
      /reserved/,
    );
    assert.throws(
      () => defineSynapse({ name: 'X', request: z.object({ a: z.int() }), response: z.object({ a: z.int() }) }),
      /both/,
    );
  });
});

describe('synapse JSON and headers (§2.2, §2.3)', () => {
  it('dumps a bare synapse like the reference model_dump', () => {
    const v = byId('synapse', 'default_synapse_model_dump');
    const body = JSON.parse(synapseJson(bareCallState()));
    assert.deepEqual(body, v.json_body);
    assert.deepEqual(Object.keys(body), Object.keys(v.json_body));
    assert.deepEqual(Object.keys(body.dendrite), Object.keys(v.json_body.dendrite));
  });

  it('writes bigint nonces exactly', () => {
    assert.equal(toJson({ nonce: 1712345678901234567n }), '{"nonce":1712345678901234567}');
    assert.equal(
      toJson({ a: [1n, { b: -5n }], s: '\u0000x:5', u: undefined, f: 0.5 }),
      '{"a":[1,{"b":-5}],"s":"\\u0000x:5","f":0.5}',
    );
  });

  it('bare synapse headers', () => {
    const v = byId('synapse', 'default_headers_of_bare_synapse');
    const s = bareCallState();
    const h = buildSynapseHeaders({
      name: s.name,
      timeout: DEFAULT_TIMEOUT,
      axon: s.axon,
      dendrite: s.dendrite,
      bodyHash: EMPTY_BODY_HASH,
    });
    for (const [k, val] of Object.entries(v.expect)) assert.equal(h[k], val);
    for (const k of v.also_present) assert.match(h[k] ?? '', /^\d+$/);
    assert.equal(h.computed_body_hash, EMPTY_BODY_HASH);
  });

  it('parses headers to inputs like parse_headers_to_inputs', () => {
    const v = byId('synapse', 'parse_headers_to_inputs');
    const headers: Record<string, string> = {
      ...v.headers,
      bt_header_input_obj_key1: Buffer.from('[1, 2, 3, 4]').toString('base64'),
    };
    const raw = parseHeadersToInputs(headers);
    const { inputs, ...rest } = raw;
    assert.deepEqual({ ...rest, ...inputs }, v.parsed);
    const typed = parseSynapseHeaders(headers);
    assert.equal(typed.axon.nonce, 111n);
    assert.equal(typed.dendrite.ip, '12.1.1.2');
    assert.equal(typed.timeout, 12);
    assert.equal(typed.computedBodyHash, '0xabcdef');
    assert.throws(() => parseSynapseHeaders({ bt_header_dendrite_nonce: 'abc' }), /invalid int/);
    assert.throws(() => parseSynapseHeaders({ timeout: 'nan' }), /invalid float/);
  });
});

describe('signed messages (§2.5)', () => {
  it('has the reference formats', () => {
    const v = byId('synapse', 'signed_message_format');
    const parts = { nonce: 1n, dendriteHotkey: 'D', axonHotkey: 'A', uuid: 'U', bodyHash: 'H' };
    const fill = (tpl: string, m: Record<string, string>) =>
      tpl.replace(/\{([a-z_.]+)\}/g, (_, k: string) => m[k] as string);
    assert.equal(
      requestMessage(parts),
      fill(v.request_message, {
        'dendrite.nonce': '1',
        'dendrite.hotkey': 'D',
        'axon.hotkey': 'A',
        'dendrite.uuid': 'U',
        body_hash: 'H',
      }),
    );
    assert.equal(
      axonMessage({ nonce: 2n, dendriteHotkey: 'D', axonHotkey: 'A', uuid: 'V' }),
      fill(v.axon_side_message, { 'axon.nonce': '2', 'dendrite.hotkey': 'D', 'axon.hotkey': 'A', 'axon.uuid': 'V' }),
    );
  });

  it('a dendrite-built request verifies under an independent implementation of the rules', () => {
    const alice = keypairFromUri('//Alice');
    const bob = keypairFromUri('//Bob');
    const Dummy = defineSynapse({
      name: 'Dummy',
      request: z.object({ dummy_input: z.int(), tags: z.array(z.string()), weight: z.number() }),
      response: z.object({ dummy_output: z.int().nullable().optional() }),
    });
    const nonce = 1_712_345_678_901_234_567n;
    const target = { ip: '10.0.0.7', port: 8091, hotkey: bob.address };
    const built = buildRequest(Dummy, prepareFields(Dummy, { dummy_input: 21, tags: ['x', "y'z"], weight: 2 }), {
      target,
      signer: keypairSigner(alice),
      uuid: 'a1b2c3',
      nonce,
      timeout: 12,
      externalIp: '192.0.2.1',
    });
    const h = built.headers;
    // header names, in the reference's order
    assert.deepEqual(Object.keys(h), [
      'name',
      'timeout',
      'bt_header_axon_ip',
      'bt_header_axon_port',
      'bt_header_axon_hotkey',
      'bt_header_dendrite_ip',
      'bt_header_dendrite_version',
      'bt_header_dendrite_nonce',
      'bt_header_dendrite_uuid',
      'bt_header_dendrite_hotkey',
      'bt_header_dendrite_signature',
      'bt_header_input_obj_dummy_input',
      'bt_header_input_obj_tags',
      'bt_header_input_obj_weight',
      'header_size',
      'total_size',
      'computed_body_hash',
    ]);
    assert.equal(h.name, 'Dummy');
    assert.equal(h.timeout, '12.0');
    assert.equal(h.bt_header_axon_ip, '10.0.0.7');
    assert.equal(h.bt_header_axon_port, '8091');
    assert.equal(h.bt_header_dendrite_version, String(PROTOCOL_VERSION));
    assert.ok(Number(h.bt_header_dendrite_version) >= 7_002_000, 'time-window nonce rule applies');
    assert.equal(h.bt_header_dendrite_nonce, '1712345678901234567');
    // input objects are type placeholders: json.dumps(int()) / list() / float()
    assert.equal(Buffer.from(h.bt_header_input_obj_dummy_input as string, 'base64').toString(), '0');
    assert.equal(Buffer.from(h.bt_header_input_obj_tags as string, 'base64').toString(), '[]');
    assert.equal(Buffer.from(h.bt_header_input_obj_weight as string, 'base64').toString(), '0.0');
    // the body hash, recomputed from the JSON body with Python str() written by hand
    const body = JSON.parse(built.body);
    assert.equal(body.dummy_output, null);
    assert.equal(body.computed_body_hash, '');
    assert.equal(body.dendrite.hotkey, alice.address);
    const independentHash = sha3(sha3(String(body.dummy_input)) + sha3(`['x', "y'z"]`) + sha3('2.0'));
    assert.equal(h.computed_body_hash, independentHash);
    // the 5-part message from the headers, verified with util-crypto against the SS58-decoded hotkey
    const message = `${h.bt_header_dendrite_nonce}.${h.bt_header_dendrite_hotkey}.${bob.address}.${h.bt_header_dendrite_uuid}.${h.computed_body_hash}`;
    assert.equal(built.message, message);
    const sig = h.bt_header_dendrite_signature as string;
    assert.match(sig, /^0x[0-9a-f]{128}$/);
    const pk = ss58Decode(h.bt_header_dendrite_hotkey as string);
    assert.ok(verifyReference(new TextEncoder().encode(message), fromHex(sig), pk));
    // and it does not verify for another axon
    const charlie = keypairFromUri('//Charlie');
    const other = message.replace(bob.address, charlie.address);
    assert.ok(!verifyReference(new TextEncoder().encode(other), fromHex(sig), pk));
  });
});

describe('a live dendrite request, checked by an independent verifier', () => {
  it('passes every rule of §2.3–§2.5 and §2.7 as written in the spec', async () => {
    const alice = keypairFromUri('//Alice');
    const bob = keypairFromUri('//Bob');
    const Dummy = defineSynapse({
      name: 'Dummy',
      request: z.object({ dummy_input: z.int(), note: z.string() }),
      response: z.object({ dummy_output: z.int().nullable().optional() }),
    });
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    // a server that knows only the spec: its own hotkey (Bob), node:crypto SHA3, util-crypto sr25519
    const server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        const h = req.headers as Record<string, string>;
        const text = Buffer.concat(parts).toString();
        const body = JSON.parse(text);
        check(req.method === 'POST' && req.url === '/Dummy', 'POST /Dummy');
        check(h['content-type'] === 'application/json', 'JSON body');
        check(h.name === 'Dummy' && h.timeout === '3.0', 'name and timeout headers');
        check(h.bt_header_axon_hotkey === bob.address, 'axon hotkey header');
        check(/^\d{19}$/.test(h.bt_header_dendrite_nonce ?? ''), 'ns nonce');
        const ageNs = BigInt(Date.now()) * 1_000_000n - BigInt(h.bt_header_dendrite_nonce ?? '0');
        check(ageNs > -1_000_000_000n && ageNs < 4_000_000_000n + 3_000_000_000n, 'nonce inside now − 4 s − timeout');
        check(Number(h.bt_header_dendrite_version) >= 7_002_000, 'version ≥ 7.2.0');
        const hash = sha3(sha3(String(body.dummy_input)) + sha3(body.note));
        check(h.computed_body_hash === hash, 'body hash over dummy_input, note');
        check(text.includes(`"nonce":${h.bt_header_dendrite_nonce}`), 'exact ns nonce in the JSON body');
        const message = `${h.bt_header_dendrite_nonce}.${h.bt_header_dendrite_hotkey}.${bob.address}.${h.bt_header_dendrite_uuid}.${hash}`;
        const sig = h.bt_header_dendrite_signature ?? '';
        check(/^0x[0-9a-f]{128}$/.test(sig), 'signature format');
        check(h.bt_header_dendrite_hotkey === alice.address, 'dendrite hotkey');
        check(
          verifyReference(new TextEncoder().encode(message), fromHex(sig), ss58Decode(alice.address)),
          'signature verifies',
        );
        const out = JSON.stringify({
          ...body,
          dummy_output: body.dummy_input + 1,
          axon: { ...body.axon, status_code: 200, status_message: 'Success' },
        });
        res.writeHead(200, {
          'content-type': 'application/json',
          bt_header_axon_status_code: '200',
          bt_header_axon_status_message: 'Success',
        });
        res.end(out);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const dendrite = createDendrite({ hotkey: alice });
    try {
      const r = await dendrite.call(
        { ip: '127.0.0.1', port, hotkey: bob.address },
        Dummy,
        { dummy_input: 41, note: 'é "q"' },
        { timeout: 3 },
      );
      assert.deepEqual(problems, []);
      assert.equal(r.statusCode, 200);
      assert.deepEqual(r.response, { dummy_output: 42 });
    } finally {
      dendrite.close();
      server.close();
    }
  });
});

describe('nonce rules (§2.7)', () => {
  it('the first nonce of a key must be inside now − 4 s − timeout (vector)', () => {
    const v = byId('axon_http', 'nonce_window');
    const now = 1_800_000_000_000_000_000n;
    const store = new NonceStore();
    const at = (age: number) => now - BigInt(age) * 1_000_000_000n;
    for (const age of v.age_seconds_accepted as number[]) {
      assert.equal(
        checkNonce(store, { hotkey: 'h', uuid: 'u', nonce: at(age), timeoutSeconds: v.synapse_timeout_s, nowNs: now }),
        null,
        `${age}s`,
      );
    }
    for (const age of v.age_seconds_rejected as number[]) {
      assert.match(
        checkNonce(store, {
          hotkey: 'h',
          uuid: 'u',
          nonce: at(age),
          timeoutSeconds: v.synapse_timeout_s,
          nowNs: now,
        }) ?? '',
        /^Nonce is too old: acceptable delta is 16\.00 seconds but request was 1[89]\.00 seconds old$/,
      );
    }
    assert.equal(v.ALLOWED_DELTA_ns, 4_000_000_000);
  });

  it('later nonces must be strictly increasing; missing nonce is refused', () => {
    const now = 1_800_000_000_000_000_000n;
    const store = new NonceStore();
    store.set('h', 'u', now);
    assert.equal(
      checkNonce(store, { hotkey: 'h', uuid: 'u', nonce: now, timeoutSeconds: 12, nowNs: now }),
      'Nonce is too old, a newer one was last processed',
    );
    assert.equal(checkNonce(store, { hotkey: 'h', uuid: 'u', nonce: now + 1n, timeoutSeconds: 12, nowNs: now }), null);
    assert.equal(
      checkNonce(store, { hotkey: 'h', uuid: 'v', nonce: now - 1n, timeoutSeconds: 12, nowNs: now }),
      null,
      'other uuid: own sequence',
    );
    assert.equal(
      checkNonce(store, { hotkey: 'h', uuid: 'u', nonce: null, timeoutSeconds: 12, nowNs: now }),
      'Missing Nonce',
    );
  });

  it('the store is bounded per hotkey and overall, least recently used first', () => {
    const store = new NonceStore({ maxEntries: 100, maxPerHotkey: 4 });
    for (let i = 0; i < 10; i++) store.set('greedy', `u${i}`, BigInt(i));
    assert.equal(store.size, 4);
    assert.equal(store.get('greedy', 'u0'), undefined);
    assert.equal(store.get('greedy', 'u9'), 9n);
    store.set('honest', 'x', 5n);
    for (let i = 0; i < 1000; i++) store.set(`k${i}`, 'u', 1n);
    assert.equal(store.size, 100);
    assert.equal(store.get('k999', 'u'), 1n);
    assert.equal(store.get('honest', 'x'), undefined, 'oldest hotkey evicted first');
    assert.ok(store.evictions > 0);
  });
});

describe('networking and defaults', () => {
  it('ip integers and strings', () => {
    const v = byId('networking', 'ip_int');
    for (const c of v.cases as { int: number; ip: string }[]) {
      assert.equal(intToIp(c.int), c.ip);
      assert.equal(ipToInt(c.ip), BigInt(c.int));
    }
    assert.equal(ipStr(...(v.ip_str_format.input as [number, string, number])), v.ip_str_format.output);
    assert.equal(intToIp(ipToInt('2001:db8:85a3::8a2e:370:7334')), '2001:db8:85a3::8a2e:370:7334');
    assert.equal(ipToInt('::1'), 1n);
    assert.equal(ipToInt('::ffff:1.2.3.4'), (0xffffn << 32n) | 0x01020304n);
  });

  it('ip type detection', () => {
    for (const c of byId('networking', 'ip_type_detection').cases as { ip: string; ip_type: number }[])
      assert.equal(ipVersion(c.ip), c.ip_type);
    assert.throws(() => ipVersion('300.1.1.1'), /invalid ip/);
  });

  it('defaults and environment', () => {
    const v = byId('networking', 'defaults');
    assert.equal(DEFAULT_AXON_PORT, v.axon_port);
    assert.equal(DEFAULT_AXON_MAX_WORKERS, v.axon_max_workers);
    assert.deepEqual(
      axonOptionsFromEnv({
        BT_AXON_PORT: '9000',
        BT_AXON_IP: '[::]',
        BT_AXON_EXTERNAL_IP: '1.2.3.4',
        BT_AXON_EXTERNAL_PORT: '9001',
        BT_AXON_MAX_WORKERS: '4',
      }),
      {
        port: 9000,
        host: '::',
        externalIp: '1.2.3.4',
        externalPort: 9001,
        maxConcurrency: 4,
      },
    );
    assert.deepEqual(axonOptionsFromEnv({}), {});
    assert.throws(() => axonOptionsFromEnv({ BT_AXON_PORT: 'x' }), /not an integer/);
    assert.ok(isValidAxonPort(8091) && isValidAxonPort(0) && !isValidAxonPort(80) && !isValidAxonPort(65535));
    assert.equal(versionAsInt('10.2.0'), 10_002_000);
    assert.equal(versionAsInt('7.2.0'), 7_002_000);
  });
});
