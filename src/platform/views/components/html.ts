// Small helpers the component files share (not part of the kit's public surface except fieldId).

/** The id of the form field named `name`: `campo-<name>`, with anything unusual in the name replaced by `-`. */
export function fieldId(name: string): string {
  return `campo-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The ids given, space-separated (for aria-describedby); undefined when there are none. */
export function joinIds(...ids: Array<string | false | undefined>): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  return present.length > 0 ? present.join(' ') : undefined;
}

/** Class names joined, skipping the false ones. */
export function classes(...names: Array<string | false | undefined>): string {
  return names.filter(Boolean).join(' ');
}
