// A text field with suggestions (a datalist) that filters on what is typed: applied when a suggestion
// is picked, on Enter, or on leaving the field; Esc puts back the value in force.
import { useId, useState } from 'react';

export interface Suggestion {
  value: string;
  label?: string;
}

interface Props {
  label: string;
  value: string | undefined;
  suggestions: readonly Suggestion[];
  placeholder: string;
  testId: string;
  onCommit(value: string | undefined): void;
  width?: number;
}

export function SuggestInput({ label, value, suggestions, placeholder, testId, onCommit, width = 140 }: Props) {
  const listId = useId();
  const [text, setText] = useState(value ?? '');
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value ?? '');
  }
  const commit = (raw: string) => {
    const v = raw.trim() || undefined;
    if (v !== value) onCommit(v);
  };

  return (
    <label className="cf-field">
      {/* Named for assistive technology; the placeholder says it on screen (the bar is dense). */}
      <span className="cf-label visually-hidden">{label}</span>
      <input
        type="text"
        className="cf-text"
        style={{ width }}
        list={listId}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        data-testid={testId}
        value={text}
        title={`${label}: pick a suggestion or type one and press Enter (Esc puts back the value in force)`}
        onChange={(e) => {
          setText(e.target.value);
          // Picked from the list (or typed exactly): apply at once.
          if (suggestions.some((s) => s.value === e.target.value)) commit(e.target.value);
        }}
        onBlur={() => commit(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(text);
          } else if (e.key === 'Escape' && text !== (value ?? '')) {
            e.preventDefault();
            e.stopPropagation();
            setText(value ?? '');
          }
        }}
      />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </datalist>
    </label>
  );
}
