/** Test helpers for components and services that talk HTTP (never imported by the app). */
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { afterEach } from 'vitest';

/**
 * After each test of the suite: no request may be left unanswered, and the testing module is reset
 * even when one was — the open request must fail that test only, not leave the module to the next
 * spec file.
 */
export function verifyRequestsAfterEach(backend: () => HttpTestingController): void {
  afterEach(() => {
    try {
      backend().verify();
    } finally {
      TestBed.resetTestingModule();
    }
  });
}
