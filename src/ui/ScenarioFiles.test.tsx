// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../store';
import { exportFileName } from './exportScenario';
import { NoticeBar } from './NoticeBar';
import { ScenarioFiles } from './ScenarioFiles';
import { resetStore, SMALL } from './ui.helpers';

beforeEach(() => resetStore());
afterEach(cleanup);

function setup() {
  const user = userEvent.setup();
  render(
    <>
      <ScenarioFiles />
      <NoticeBar />
    </>,
  );
  return { user, input: screen.getByLabelText('Import scenario') as HTMLInputElement };
}

const file = (name: string, text: string) => new File([text], name, { type: 'application/json' });

describe('Import scenario', () => {
  it('refuses a file that is not JSON, and keeps the state', async () => {
    const { user, input } = setup();
    const before = useSandbox.getState().scenario;
    await user.upload(input, file('broken.json', '{ "format": "iommu-sandbox/scenario@1", '));
    await screen.findByText(/was not imported/);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/broken\.json was not imported/);
    expect(within(alert).getByText(/^\(root\): not JSON/)).toBeTruthy();
    expect(useSandbox.getState().scenario).toBe(before);
  });

  it('lists every problem of an invalid scenario with its JSON path', async () => {
    const { user, input } = setup();
    const before = useSandbox.getState().scenario;
    const bad = { ...SMALL, kernel: 'v9.9' };
    await user.upload(input, file('bad.json', JSON.stringify(bad)));
    await screen.findByText(/was not imported/);
    const alert = screen.getByRole('alert');
    const items = within(alert)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items.some((t) => t?.startsWith('kernel:'))).toBe(true);
    expect(useSandbox.getState().scenario).toBe(before);
  });

  it('refuses a file that writes a key twice, naming the object, the key and the lines', async () => {
    const { user, input } = setup();
    const before = useSandbox.getState().scenario;
    const text = JSON.stringify(SMALL, null, 2).replace(
      '"kernel": "v6.1",',
      '"kernel": "v5.3",\n  "kernel": "v6.1",',
    );
    expect(text).toContain('"kernel": "v5.3"');
    await user.upload(input, file('twice.json', text));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/twice\.json was not imported/);
    expect(
      within(alert).getByText(
        /^\(root\): key "kernel" appears twice \(lines \d+ and \d+\); JSON\.parse would keep the last$/,
      ),
    ).toBeTruthy();
    expect(useSandbox.getState().scenario).toBe(before);
  });

  it('names the device of a topology problem by its path', async () => {
    const { user, input } = setup();
    const bad = { ...SMALL, devices: [...SMALL.devices, { bdf: '00:02.0', type: 'endpoint' }] };
    await user.upload(input, file('dup.json', JSON.stringify(bad)));
    await screen.findByText(/was not imported/);
    const items = within(screen.getByRole('alert'))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items.some((t) => t?.startsWith('devices[5].bdf:'))).toBe(true);
  });

  it('lists the first problems and folds the rest, so a live region never reads out hundreds', async () => {
    const { user, input } = setup();
    const devices = Array.from({ length: 40 }, () => ({ bdf: 'zz', type: 'endpoint' }));
    await user.upload(input, file('many.json', JSON.stringify({ ...SMALL, devices })));
    const alert = await screen.findByRole('alert');
    const summary = await within(alert).findByText(/^… and \d+ more$/);
    const folded = summary.closest('details');
    expect(folded?.open).toBe(false);
    const shown = alert.querySelector('ul.notice-details');
    expect(shown?.querySelectorAll('li')).toHaveLength(12);
    expect(folded?.querySelectorAll('li').length).toBe(Number(summary.textContent?.match(/\d+/)?.[0]));
  });

  it('loads a valid file and says so', async () => {
    const { user, input } = setup();
    await user.upload(input, file('ok.json', JSON.stringify({ ...SMALL, name: 'Imported one' })));
    expect(await screen.findByText('Imported “Imported one”.')).toBeTruthy();
    expect(useSandbox.getState().scenario.name).toBe('Imported one');
    expect(useSandbox.getState().libraryId).toBeNull();
  });

  it('renders names as text, never as markup', async () => {
    const { user, input } = setup();
    const name = '<img src=x onerror="window.hacked=1">';
    await user.upload(input, file('x.json', JSON.stringify({ ...SMALL, name })));
    expect(await screen.findByText(`Imported “${name}”.`)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('Export scenario', () => {
  it('names the file after the scenario, without characters file systems refuse', () => {
    expect(exportFileName('E7: si/domain?')).toBe('E7- si-domain-.json');
    expect(exportFileName(undefined)).toBe('scenario.json');
  });
});
