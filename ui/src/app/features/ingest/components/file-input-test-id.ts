import { Directive, ElementRef, afterNextRender, inject, input } from '@angular/core';

/**
 * Puts a `data-testid` on the hidden `<input type="file">` that nz-upload renders, so browser tests
 * can hand it files (Playwright's setInputFiles) the way a person's file dialog would.
 */
@Directive({ selector: 'nz-upload[appFileInputTestId]' })
export class FileInputTestId {
  readonly appFileInputTestId = input.required<string>();

  constructor() {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender({
      write: () => host.querySelector('input[type=file]')?.setAttribute('data-testid', this.appFileInputTestId()),
    });
  }
}
