/**
 * LinkedIn's boolean keyword syntax, enough for people search: terms and "quoted phrases" are
 * ANDed, `OR` and `NOT` (upper case only, as on LinkedIn), `AND` is optional, parentheses group.
 * Matching is a case- and accent-insensitive substring test.
 */
export type KeywordQuery = (haystack: string) => boolean;

type Token = { kind: "term"; value: string } | { kind: "op"; value: "AND" | "OR" | "NOT" | "(" | ")" };

export function compileKeywords(keywords: string): KeywordQuery {
  const tokens = tokenize(keywords);
  if (tokens.length === 0) return () => true;
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (value: string) => {
    const token = peek();
    return token?.kind === "op" && token.value === value;
  };

  const parseOr = (): KeywordQuery => {
    const parts = [parseAnd()];
    while (isOp("OR")) {
      pos++;
      parts.push(parseAnd());
    }
    return (h) => parts.some((p) => p(h));
  };
  const parseAnd = (): KeywordQuery => {
    const parts = [parseNot()];
    for (;;) {
      if (isOp("AND")) {
        pos++;
        parts.push(parseNot());
        continue;
      }
      const token = peek();
      if (!token || isOp("OR") || isOp(")")) break;
      parts.push(parseNot());
    }
    return (h) => parts.every((p) => p(h));
  };
  const parseNot = (): KeywordQuery => {
    if (isOp("NOT")) {
      pos++;
      const inner = parseNot();
      return (h) => !inner(h);
    }
    return parsePrimary();
  };
  const parsePrimary = (): KeywordQuery => {
    const token = tokens[pos++];
    if (!token) return () => true;
    if (token.kind === "op" && token.value === "(") {
      const inner = parseOr();
      if (isOp(")")) pos++;
      return inner;
    }
    if (token.kind === "term") {
      const needle = fold(token.value);
      return (h) => fold(h).includes(needle);
    }
    // A stray operator or ")" matches everything rather than failing the search.
    return () => true;
  };

  const query = parseOr();
  return query;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const re = /"([^"]*)"|(\(|\))|([^\s()"]+)/g;
  for (const m of input.matchAll(re)) {
    if (m[1] !== undefined) {
      if (m[1].trim()) tokens.push({ kind: "term", value: m[1].trim() });
    } else if (m[2]) {
      tokens.push({ kind: "op", value: m[2] as "(" | ")" });
    } else if (m[3]) {
      const word = m[3];
      if (word === "AND" || word === "OR" || word === "NOT") tokens.push({ kind: "op", value: word });
      else tokens.push({ kind: "term", value: word });
    }
  }
  return tokens;
}

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}
