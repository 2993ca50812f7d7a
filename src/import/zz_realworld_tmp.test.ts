import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { importMachine } from './importMachine';

const DIR = '/tmp/importcheck';
const only = process.env.SAMPLE;
const names = [...new Set(readdirSync(DIR).filter((f) => /\.(groups|lspci)\.txt$/.test(f)).map((f) => f.replace(/\.(groups|lspci)\.txt$/, '')))].filter((n) => !only || n === only).sort();

for (const name of names) {
  it(name, () => {
    const read = (k: string) => (existsSync(`${DIR}/${name}.${k}.txt`) ? readFileSync(`${DIR}/${name}.${k}.txt`, 'utf8') : '');
    const t0 = Date.now();
    const r = importMachine({ groups: read('groups'), lspci: read('lspci') });
    const ms = Date.now() - t0;
    const out: string[] = [];
    out.push(`=== ${name} (${ms} ms) realFrom=${r.realFrom} groups=${r.real.length} realDevices=${r.real.reduce((a, g) => a + g.devices.length, 0)} lspciDevices=${r.lspciDevices.length}`);
    out.push(`real: ${r.real.map((g) => `${g.id}:[${g.devices.join(',')}]`).join(' ')}`);
    out.push(`lspci: ${r.lspciDevices.map((d) => `${d.bdf}${d.path ? `(${d.path.join('/')})` : ''} ${d.express ?? '-'} acs=${d.acsCap ? JSON.stringify(d.acsCap) : 'none'} ctl=${d.acsCtl ? Object.entries(d.acsCtl).filter(([,v])=>v).map(([k])=>k).join('+') : '-'} sec=${d.secondary} grp=${d.iommuGroup} ids=${d.description.vendorId}:${d.description.deviceId} cls=${d.description.classCode} hidden=${d.capabilitiesHidden}`).join('\n  ')}`);
    out.push(`problems: ${JSON.stringify(r.problems)}`);
    out.push(`unread (${r.unread.length}):`);
    for (const u of r.unread) out.push(`  [${u.source}:${u.line}] ${u.reason} :: ${u.text}`);
    if (r.machine) {
      out.push(`notes: ${r.machine.notes.join(' | ')}`);
      out.push(`specs: ${r.machine.scenario.devices.map((d) => `${d.bdf} ${d.type}${d.parent ? `<${d.parent}` : ''}${d.acs !== undefined ? ` acs=${JSON.stringify(d.acs)}` : ''}${d.multifunction ? ' mf' : ''}`).join('\n  ')}`);
    }
    if (r.comparison) {
      const c = r.comparison;
      out.push(`predicted: ${c.predicted.map((g) => `${g.id}:[${g.devices.join(',')}]`).join(' ')}`);
      out.push(`matches: ${c.matches.length}/${r.real.length} ${JSON.stringify(c.matches.filter((m) => m.quirks))}`);
      for (const d of c.differences) {
        out.push(`DIFF ${d.kind}: ${d.summary}`);
        for (const w of d.sandboxWhy) out.push(`    why ${w.device}: ${w.why}`);
        for (const cause of d.causes) out.push(`    cause: ${cause}`);
      }
    }
    writeFileSync(`${DIR}/${name}.out`, out.join('\n') + '\n');
  });
}
