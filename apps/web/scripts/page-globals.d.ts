/**
 * The few browser globals the code inside `page.evaluate()` / `waitForFunction()` callbacks uses
 * (it runs in Chromium, not in Node). The whole DOM library cannot be loaded for the tests and
 * scripts: it clashes with the Node typings of the server sources they also compile.
 */
declare global {
  interface PageElement {
    textContent: string | null;
    blur(): void;
    getAttribute(name: string): string | null;
  }
  const document: {
    activeElement: PageElement | null;
    documentElement: { scrollWidth: number };
    cookie: string;
    querySelector(selector: string): PageElement | null;
  };
  const localStorage: object;
  function getComputedStyle(element: PageElement): { outlineStyle: string };
}

export {};
