// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tipHidden, tipShown } from './termTip';

/** A term as Term renders it: a span with the button and its tooltip. */
function term(): HTMLButtonElement {
  const span = document.createElement('span');
  span.className = 'term';
  const button = document.createElement('button');
  const tip = document.createElement('span');
  span.append(button, tip);
  document.body.append(span);
  return button;
}

const pressEscape = () =>
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));

describe('term tooltips and Escape', () => {
  const heard = vi.fn();
  document.addEventListener('keydown', heard);
  afterEach(() => {
    heard.mockClear();
    document.body.replaceChildren();
  });

  it('the first Escape hides a shown tooltip and goes no further; the next reaches the page', () => {
    const button = term();
    tipShown(button, 'focus');
    pressEscape();
    expect(button.parentElement!.classList.contains('tip-dismissed')).toBe(true);
    expect(heard).not.toHaveBeenCalled();
    tipHidden(button, 'focus');
    expect(button.parentElement!.classList.contains('tip-dismissed')).toBe(false);
    pressEscape();
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('forgets a term taken off the page while shown: Escape reaches the page again', () => {
    const button = term();
    tipShown(button, 'hover');
    button.parentElement!.remove();
    pressEscape();
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('keeps a tooltip shown while it is still pointed at, after the focus left', () => {
    const button = term();
    tipShown(button, 'hover');
    tipShown(button, 'focus');
    tipHidden(button, 'focus');
    pressEscape();
    expect(heard).not.toHaveBeenCalled();
    tipHidden(button, 'hover');
  });
});
