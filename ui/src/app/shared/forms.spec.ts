import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { applyServerErrors, errorMessage, formFailure } from './forms';

function apiError(status: number, body: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: body });
}

function buildForm() {
  return new FormGroup({
    username: new FormControl('admin', Validators.required),
    password: new FormControl('x'),
  });
}

describe('applyServerErrors', () => {
  it('puts each detail on the control named by its field, without the payload. prefix', () => {
    const form = buildForm();
    const rest = applyServerErrors(
      form,
      apiError(400, {
        code: 'VALIDATION_FAILED',
        message: '请按提示修改',
        details: [
          { field: 'payload.password', message: '密码 至少 10 位' },
          { field: 'payload.orgId', message: '所属机构 不能为空' },
        ],
      }),
    );
    expect(form.controls.password.errors).toEqual({ server: '密码 至少 10 位' });
    expect(form.controls.password.dirty).toBe(true);
    expect(form.controls.username.errors).toBeNull();
    expect(rest).toEqual(['所属机构 不能为空']);
  });

  it('lets the server error go once the user edits the field', () => {
    const form = buildForm();
    applyServerErrors(
      form,
      apiError(400, { code: 'VALIDATION_FAILED', message: '', details: [{ field: 'payload.password', message: '太短' }] }),
    );
    form.controls.password.setValue('longer-password');
    expect(form.controls.password.errors).toBeNull();
  });
});

describe('formFailure', () => {
  it('puts a 409 without details on the conflicting field', () => {
    const form = buildForm();
    const alert = formFailure(form, apiError(409, { code: 'CONFLICT', message: '用户名已存在' }), 'username');
    expect(alert).toBeNull();
    expect(form.controls.username.errors).toEqual({ server: '用户名已存在' });
  });

  it('returns the message for the alert when there is nothing to attach it to', () => {
    const form = buildForm();
    expect(formFailure(form, apiError(403, { code: 'FORBIDDEN', message: '没有权限' }))).toBe('没有权限');
  });

  it('explains a network failure in Chinese', () => {
    expect(formFailure(buildForm(), apiError(0, null))).toBe('无法连接服务器，请检查网络后重试');
  });
});

describe('errorMessage', () => {
  it('prefers the server message, then names the rule in Chinese', () => {
    expect(errorMessage({ server: '用户名已存在', required: true }, '用户名')).toBe('用户名已存在');
    expect(errorMessage({ required: true }, '姓名')).toBe('请填写姓名');
    expect(errorMessage({ minlength: { requiredLength: 8, actualLength: 3 } }, '密码')).toBe(
      '密码至少 8 个字符',
    );
    expect(errorMessage(null, '姓名')).toBe('');
  });
});
