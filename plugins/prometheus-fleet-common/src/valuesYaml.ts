import { Document, isMap, ScalarTag, Schema, YAMLMap } from 'yaml';

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
