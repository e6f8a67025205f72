// Navigation inside the console from any page: one bubbling event the shell turns into a history entry.
export function navigate(from: HTMLElement, path: string): void {
  from.dispatchEvent(new CustomEvent('console-navigate', { detail: path, bubbles: true, composed: true }));
}
