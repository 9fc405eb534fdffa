// A Dockerfile parser for the checks: line continuations, comments, stages (FROM ... AS name) and each
// instruction's keyword, flags (--from=, --chown=) and arguments (JSON or shell form).

/** { stages: [{ image, name, index, instructions: [{ keyword, args, flags, sources, line }] }] } */
export function parseDockerfile(text) {
  const stages = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) {
      continue;
    }
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i++;
      line = line.replace(/\\\s*$/, ' ') + (/^\s*#/.test(lines[i]) ? '' : lines[i]);
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(line);
    const keyword = match[1].toUpperCase();
    let rest = match[2].trim();
    const flags = {};
    if (['COPY', 'ADD', 'FROM', 'RUN'].includes(keyword)) {
      let flag;
      while ((flag = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest))) {
        flags[flag[1]] = flag[2] ?? true;
        rest = rest.slice(flag[0].length);
      }
    }
    const instruction = { keyword, args: rest, flags, line: startLine };
    if (keyword === 'FROM') {
      const [image, as, name] = rest.split(/\s+/);
      stages.push({ image, name: /^as$/i.test(as ?? '') ? name : null, index: stages.length, instructions: [] });
      continue;
    }
    if (keyword === 'COPY' || keyword === 'ADD') {
      const parts = rest.startsWith('[') ? JSON.parse(rest) : rest.split(/\s+/);
      instruction.sources = parts.slice(0, -1);
      instruction.destination = parts.at(-1);
    }
    if (stages.length > 0) {
      stages.at(-1).instructions.push(instruction);
    }
  }
  return { stages };
}
