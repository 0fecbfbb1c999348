/** Sharing: copy a link to this run, export and import scenarios, copy the embed code. */
export function ShareMenu() {
  return null
}
