/**
 * A description its stylesheet clamps to a line or two, with a More / Less button once it is cut:
 * the whole text was only in a title tooltip, which a mouse shows and a keyboard cannot.
 */
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { Glossed } from './teach/Glossed';

interface Props {
  text: string;
  /** The clamped paragraph's class (its stylesheet sets the clamp). */
  className: string;
  /** The paragraph's id, when something else points at it (aria-describedby). */
  id?: string;
}

export function ClampedText({ text, className, id }: Props) {
  const own = useId();
  const textId = id ?? own;
  const ref = useRef<HTMLParagraphElement>(null);
  const [open, setOpen] = useState(false);
  const [cut, setCut] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another text may fit or not in the same box, which the observer does not see
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || open) return;
    const measure = () => setCut(el.scrollHeight > el.clientHeight + 1);
    measure();
    // The header and the compare bar change width with the window: a text fits or stops fitting.
    if (typeof ResizeObserver === 'undefined') return;
    const watch = new ResizeObserver(measure);
    watch.observe(el);
    return () => watch.disconnect();
  }, [text, open]);
  return (
    <>
      {/* Before the text, drawn after it (panels.css): Tab goes on from Less into the glossary
          links the opened text has. */}
      {(open || cut) && (
        <button
          type="button"
          className="clamp-toggle"
          aria-expanded={open}
          aria-controls={textId}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Less' : 'More'}
          <span className="visually-hidden"> of the description</span>
        </button>
      )}
      <p ref={ref} id={textId} className={open ? `${className} clamp-open` : className} title={text}>
        {/* Cut, the text's hidden words would still take focus: its glossary links wait for More. */}
        {cut && !open ? text : <Glossed text={text} />}
      </p>
    </>
  );
}
