import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegisterSWOptions } from 'vite-plugin-pwa/types';
import UpdatePrompt from '../../../src/lib/components/app/UpdatePrompt.svelte';

/** A fake `registerSW` that hands the test the callbacks the component registered. */
function fakeRegister() {
  const update = vi.fn(async (_reloadPage?: boolean) => undefined);
  let options: RegisterSWOptions = {};
  const register = vi.fn((given: RegisterSWOptions) => {
    options = given;
    return update;
  });
  return { register, update, callbacks: () => options };
}

afterEach(() => vi.useRealTimers());

describe('UpdatePrompt', () => {
  it('registers once and shows nothing until the service worker has news', () => {
    const fake = fakeRegister();
    render(UpdatePrompt, { register: fake.register, announce: vi.fn() });
    expect(fake.register).toHaveBeenCalledOnce();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('renders nothing and registers nothing without a service worker', () => {
    const { container } = render(UpdatePrompt, { register: null, announce: vi.fn() });
    expect(container.textContent?.trim()).toBe('');
  });

  it('offers a new version and activates it on "Reload to update"', async () => {
    const fake = fakeRegister();
    render(UpdatePrompt, { register: fake.register, announce: vi.fn() });
    fake.callbacks().onNeedRefresh?.();
    const prompt = await screen.findByTestId('update-prompt');
    expect(prompt.textContent).toContain('A new version of Spanwright is available.');
    const button = screen.getByRole('button', { name: 'Reload to update' });
    await userEvent.click(button);
    expect(fake.update).toHaveBeenCalledWith(true);
    expect(screen.getByRole('button', { name: 'Updating…' })).toHaveProperty('disabled', true);
  });

  it('hides the offer on "Later" without updating', async () => {
    const fake = fakeRegister();
    render(UpdatePrompt, { register: fake.register, announce: vi.fn() });
    fake.callbacks().onNeedRefresh?.();
    await userEvent.click(await screen.findByRole('button', { name: 'Later' }));
    expect(screen.queryByTestId('update-prompt')).toBeNull();
    expect(fake.update).not.toHaveBeenCalled();
  });

  it('says when the update could not start, and lets the user try again', async () => {
    const fake = fakeRegister();
    fake.update.mockRejectedValueOnce(new Error('no waiting worker'));
    render(UpdatePrompt, { register: fake.register, announce: vi.fn() });
    fake.callbacks().onNeedRefresh?.();
    await userEvent.click(await screen.findByRole('button', { name: 'Reload to update' }));
    await screen.findByText(/could not start/u);
    expect(screen.getByRole('button', { name: 'Reload to update' })).toHaveProperty('disabled', false);
  });

  it('says "Ready to work offline" in the status line, and draws nothing over the page', async () => {
    const fake = fakeRegister();
    const announce = vi.fn();
    const { container } = render(UpdatePrompt, { register: fake.register, announce });
    fake.callbacks().onOfflineReady?.();
    expect(announce).toHaveBeenCalledExactlyOnceWith(
      'Ready to work offline: Spanwright and the sample corpus are stored in this browser.',
      'offline-ready',
    );
    await Promise.resolve();
    expect(container.textContent?.trim()).toBe('');
    // An update offered afterwards is still a prompt of its own.
    fake.callbacks().onNeedRefresh?.();
    await screen.findByTestId('update-prompt');
  });

  it('checks for a new version at the interval and stops when unmounted', async () => {
    vi.useFakeTimers();
    const fake = fakeRegister();
    const { unmount } = render(UpdatePrompt, { register: fake.register, announce: vi.fn(), updateCheckInterval: 1000 });
    const registration = { update: vi.fn(() => Promise.reject(new Error('offline'))) };
    fake.callbacks().onRegisteredSW?.('/sw.js', registration as unknown as ServiceWorkerRegistration);
    await vi.advanceTimersByTimeAsync(3000);
    expect(registration.update).toHaveBeenCalledTimes(3);
    unmount();
    await vi.advanceTimersByTimeAsync(3000);
    expect(registration.update).toHaveBeenCalledTimes(3);
  });
});
