// `terraform fmt -check` without terraform: @cdktf/hcl-tools is HashiCorp's hclwrite formatter (the code behind
// terraform fmt) compiled to WebAssembly.
import hclTools from '@cdktf/hcl-tools';
import { readFileSync } from 'node:fs';

/** The .tf files among `files` whose text differs from its canonical format. */
export async function unformattedFiles(files) {
  const unformatted = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if ((await hclTools.format(text)) !== text) {
      unformatted.push(file);
    }
  }
  return unformatted;
}
