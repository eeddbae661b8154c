import { HttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { NzMessageService } from 'ng-zorro-antd/message';
import { firstValueFrom } from 'rxjs';
import { provideAppHttp } from './http.providers';

describe('provideAppHttp', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let toast: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    toast = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideAppHttp(),
        provideHttpClientTesting(),
        { provide: NzMessageService, useValue: { error: toast } },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    document.cookie = 'XSRF-TOKEN=tok-123; path=/';
  });

  afterEach(() => {
    backend.verify();
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('sends the XSRF-TOKEN cookie back as X-XSRF-TOKEN on every write, with the session cookie', () => {
    http.post('/api/users', {}).subscribe();
    http.put('/api/users/1/roles', {}).subscribe();
    http.patch('/api/users/1', {}).subscribe();
    http.delete('/api/auth/sessions/7').subscribe();
    for (const req of backend.match(() => true)) {
      expect(req.request.headers.get('X-XSRF-TOKEN')).toBe('tok-123');
      expect(req.request.withCredentials).toBe(true);
      req.flush(null);
    }
  });

  it('does not send the token on reads or to another origin', () => {
    http.get('/api/users').subscribe();
    http.post('https://elsewhere.example/api/x', {}).subscribe();
    const [read, foreign] = backend.match(() => true);
    expect(read.request.headers.has('X-XSRF-TOKEN')).toBe(false);
    expect(foreign.request.headers.has('X-XSRF-TOKEN')).toBe(false);
    read.flush([]);
    foreign.flush(null);
  });

  it('shows the server message for a refusal, but not for one that moves the user elsewhere', async () => {
    const forbidden = { status: 403, statusText: 'Forbidden' };
    const plain = firstValueFrom(http.get('/api/orgs/9')).catch(() => undefined);
    backend.expectOne('/api/orgs/9').flush({ code: 'FORBIDDEN', message: '没有权限' }, forbidden);
    await plain;
    const csrf = firstValueFrom(http.post('/api/users', {})).catch(() => undefined);
    backend.expectOne('/api/users').flush({ code: 'CSRF_FAILED', message: '请重新登录' }, forbidden);
    await csrf;
    expect(toast).toHaveBeenCalledTimes(1);
    expect(toast).toHaveBeenCalledWith('没有权限');
  });
});
