import { Document, isMap, Scalar, ScalarTag, Schema, YAMLMap } from 'yaml';

/** Values with the comments their YAML carries. */
export interface CommentedValues {
  values: Record<string, unknown>;
  /** Lines of the comment at the top of the document. */
  header: string[];
  /** Comments placed above the keys at these paths. */
  notes: Array<{ path: string[]; text: string }>;
}

const TO_STRING_OPTIONS = { lineWidth: 0 } as const;

/** Digits of a class, with the `_` go-yaml ignores anywhere after the first. */
const digits = (digit: string) => `[${digit}][${digit}_]*`;
const UNDERSCORES = '_*';

/**
 * What go-yaml, Helm's YAML reader, takes for a number: it drops every `_`
 * from a plain scalar that starts with a digit or sign, and reads the rest as
 * Go reads numbers. So `0o17`, `0O17`, `0X1F`, `0B1010` and `1e_3` are
 * numbers to Helm though not to YAML 1.1. Only used to decide what to quote.
 */
const GO_YAML_NUMBER: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: new RegExp(
    [
      `^(?:[-+]${UNDERSCORES})?(?:`,
      `0${UNDERSCORES}[xX]${UNDERSCORES}${digits('0-9a-fA-F')}`,
      `|0${UNDERSCORES}[oO]${UNDERSCORES}${digits('0-7')}`,
      `|0${UNDERSCORES}[bB]${UNDERSCORES}${digits('01')}`,
      `|(?:${digits('0-9')}(?:\\.[0-9_]*)?|\\.${digits('0-9')})`,
      `(?:[eE]${UNDERSCORES}[-+]?${UNDERSCORES}${digits('0-9')})?`,
      ')$',
    ].join(''),
  ),
  resolve: text => Number(text.replace(/_/g, '')),
};

/**
 * Helm reads values with go-yaml, which follows YAML 1.1: there `yes`, `on`,
 * `n`, `1_000`, `0b1010`, `1:20` or `2001-12-14` are not strings, and a
 * cluster label written bare as one of them fails the CRD's string type. The
 * library quotes every string that YAML 1.1, or go-yaml's number reading,
 * would take for something else.
 */
const DOCUMENT_OPTIONS = {
  // Shared objects would come out as YAML anchors and aliases, which Helm
  // users do not expect in a values file.
  aliasDuplicateObjects: false,
  compat: [...new Schema({ schema: 'yaml-1.1' }).tags, GO_YAML_NUMBER],
};

/**
 * What a comment must not carry as is: the library starts a new comment line
 * after \n, \r, U+2028 and U+2029, but YAML 1.1 parsers (Helm's among them)
 * also break lines at NEL (U+0085), so text after it would be read as values;
 * nor other control characters, nor invisible ones that make text read as
 * something else (zero-width, bidirectional overrides).
 */
const UNSAFE_IN_COMMENT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Comment text on one line, whatever entity names or refs it quotes. */
function commentText(text: string): string {
  return text.replace(
    UNSAFE_IN_COMMENT,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function comment(doc: Document, path: string[], text: string) {
  const node = doc.getIn(path, true) as { commentBefore?: string } | undefined;
  const parent = doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = (parent as YAMLMap).items.find(
      item =>
        (item.key as { value?: unknown })?.value === path[path.length - 1],
    );
    if (pair?.key && typeof pair.key === 'object') {
      (pair.key as { commentBefore?: string }).commentBefore = ` ${commentText(
        text,
      )}`;
      return;
    }
  }
  if (node) node.commentBefore = ` ${commentText(text)}`;
}

/** Serializes values with their comments through a yaml Document. */
export function renderYaml({ values, header, notes }: CommentedValues): string {
  const doc = new Document(values, DOCUMENT_OPTIONS);
  doc.commentBefore = header.map(line => ` ${commentText(line)}`).join('\n');
  for (const note of notes) {
    comment(doc, note.path, note.text);
  }
  return doc.toString(TO_STRING_OPTIONS);
}

/*
 * Rendering a Document is most of the cost of generating values (about half a
 * millisecond per cluster). Clusters differ in a few strings only (their
 * label, ref and tenant), so the library renders each distinct shape once with
 * placeholders in place of those strings, and a cluster's YAML is that
 * skeleton with its strings put back. That is exact when the library writes
 * each such string unchanged (as a plain scalar, and in a one-line comment)
 * and the values survive a JSON round trip (shapes are keyed by their JSON);
 * anything else takes the full path.
 */
const PLACEHOLDER_PREFIX = '__prometheus_fleet_slot_';
const PLACEHOLDERS = /__prometheus_fleet_slot_(\d+)__/g;
/**
 * No quote, backslash, white space or control character, and no JSON
 * punctuation first: in JSON such a string is written as is, so it can be
 * found there as a whole value.
 */
const SLOT =
  // eslint-disable-next-line no-control-regex
  /^[^\s"\\,:[\]{}\u0000-\u001f\u007f-\u009f][^\s"\\\u0000-\u001f\u007f-\u009f]*$/u;
const MAX_SKELETONS = 256;
const MAX_SCALARS = 20_000;

/** Rendered YAML split at its placeholders: text, slot index, text, … */
type Skeleton = Array<string | number>;

const skeletons = new Map<string, Skeleton>();
const writtenAsIs = new Map<string, boolean>();

function remember<T>(
  cache: Map<string, T>,
  limit: number,
  key: string,
  value: T,
): T {
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
  return value;
}

function placeholder(index: number): string {
  return `${PLACEHOLDER_PREFIX}${index}__`;
}

function restore(text: string, slots: readonly string[]): string {
  return text.replace(PLACEHOLDERS, (_, index) => slots[Number(index)]);
}

/** Renders one scalar at a time; cheaper than a new Document each time. */
const probe = new Document(null, DOCUMENT_OPTIONS);

/** True when the library writes this string as a plain scalar, unchanged. */
function isWrittenAsIs(value: string): boolean {
  const known = writtenAsIs.get(value);
  if (known !== undefined) return known;
  probe.contents = new Scalar(value);
  return remember(
    writtenAsIs,
    MAX_SCALARS,
    value,
    probe.toString(TO_STRING_OPTIONS) === `${value}\n`,
  );
}

/** JSON.parse(JSON.stringify(value)) gives back an equal value. */
function isJsonFaithful(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isJsonFaithful);
      return (
        Object.getPrototypeOf(value) === Object.prototype &&
        // Undefined properties are dropped by both JSON and the Document.
        Object.values(value).every(
          item => item === undefined || isJsonFaithful(item),
        )
      );
    default:
      return false;
  }
}

/**
 * The values' JSON with placeholders for the slots that are whole string
 * values, or undefined when one of those is not written as is. SLOT makes
 * `"slot"` after `:`, `,` or `[` a whole string, and before `,`, `]` or `}` a
 * value rather than a key.
 */
function tokenizeJson(
  json: string,
  slots: readonly string[],
): string | undefined {
  let result = json;
  for (const [index, slot] of slots.entries()) {
    const quoted = `"${slot}"`;
    const parts: string[] = [];
    let from = 0;
    for (
      let at = result.indexOf(quoted);
      at !== -1;
      at = result.indexOf(quoted, from)
    ) {
      const end = at + quoted.length;
      if (':,['.includes(result[at - 1]) && ',]}'.includes(result[end])) {
        if (!isWrittenAsIs(slot)) return undefined;
        parts.push(result.slice(from, at), `"${placeholder(index)}"`);
      } else {
        parts.push(result.slice(from, end));
      }
      from = end;
    }
    parts.push(result.slice(from));
    result = parts.join('');
  }
  return result;
}

/**
 * Comment text with placeholders for the slots in it (the longest where two
 * start together), or undefined when that cannot be undone.
 */
function tokenizeText(
  text: string,
  slots: readonly string[],
): string | undefined {
  let result = '';
  let from = 0;
  for (;;) {
    let at = -1;
    let index = -1;
    for (let candidate = 0; candidate < slots.length; candidate++) {
      const slot = slots[candidate];
      const found = text.indexOf(slot, from);
      if (
        found !== -1 &&
        (at === -1 ||
          found < at ||
          (found === at && slot.length > slots[index].length))
      ) {
        at = found;
        index = candidate;
      }
    }
    if (at === -1) break;
    result += text.slice(from, at) + placeholder(index);
    from = at + slots[index].length;
  }
  result += text.slice(from);
  return restore(result, slots) === text ? result : undefined;
}

/** The content with placeholders for its slots, keyed by that shape, when that is exact. */
function placeholderShape(content: CommentedValues, slots: readonly string[]) {
  const usable = (slot: string) =>
    SLOT.test(slot) &&
    !slot.includes(PLACEHOLDER_PREFIX) &&
    commentText(slot) === slot;
  if (!slots.every(usable) || !isJsonFaithful(content.values)) {
    return undefined;
  }
  const json = JSON.stringify(content.values);
  const header = content.header.map(line => tokenizeText(line, slots));
  const notes = content.notes.map(({ path, text }) => ({
    path,
    text: tokenizeText(text, slots),
  }));
  const values = json.includes(PLACEHOLDER_PREFIX)
    ? undefined
    : tokenizeJson(json, slots);
  if (
    values === undefined ||
    header.some(line => line === undefined) ||
    notes.some(note => note.text === undefined)
  ) {
    return undefined;
  }
  return {
    key: `${JSON.stringify([header, notes])}${values}`,
    render: (): Skeleton =>
      renderYaml({
        values: JSON.parse(values),
        header: header as string[],
        notes: notes as CommentedValues['notes'],
      })
        .split(PLACEHOLDERS)
        // split puts each captured slot index at the odd positions.
        .map((part, position) => (position % 2 ? Number(part) : part)),
  };
}

/**
 * Same output as {@link renderYaml}, reusing the rendering of earlier values
 * that differed only in `slots`, the strings that vary from cluster to cluster.
 */
export function renderYamlReusing(
  content: CommentedValues,
  slots: readonly string[],
): string {
  const shape = placeholderShape(content, slots);
  if (!shape) {
    return renderYaml(content);
  }
  const skeleton =
    skeletons.get(shape.key) ??
    remember(skeletons, MAX_SKELETONS, shape.key, shape.render());
  let yaml = '';
  for (const part of skeleton) {
    yaml += typeof part === 'number' ? slots[part] : part;
  }
  return yaml;
}
