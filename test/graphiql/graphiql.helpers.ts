import type { Page } from "playwright-core";

/** Replaces the headers editor's content, as an analyst pasting a token would. */
export async function pasteHeaders(page: Page, headers: Record<string, string>): Promise<void> {
  await page.locator(".graphiql-editor-tools button", { hasText: "Headers" }).click();
  const editor = page.locator(".graphiql-editor-tool .graphiql-editor:visible").first();
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(JSON.stringify(headers));
}
