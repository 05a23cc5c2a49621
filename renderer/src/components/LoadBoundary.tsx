import { Component, lazy, type ComponentType, type ReactNode } from 'react';
import { Alert, Button, Text } from '@mantine/core';
import i18n from '../i18n';

// React.lazy keeps a failed import for good, so a retry needs a fresh lazy component: each page made
// here can start its load again, and the boundary below restarts every one that failed.
const resets = new Set<() => void>();

/** A lazily loaded page whose load can be retried after it failed (the host stopped, a network blip). */
export function retryableLazy(load: () => Promise<{ default: ComponentType }>): ComponentType {
  let Page = lazy(load);
  resets.add(() => {
    Page = lazy(load);
  });
  return function RetryablePage() {
    return <Page />;
  };
}

/**
 * Around the routes: a page that fails to load (or throws while drawing) shows 无法连接到本机服务 and a
 * retry button instead of a blank screen with "Failed to fetch dynamically imported module".
 */
export class LoadBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey: string }) {
    // Going to another page leaves the failure behind.
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.retry();
  }

  retry = () => {
    for (const reset of resets) reset();
    this.setState({ error: null });
  };

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title={i18n.t('app.loadFailed')} data-testid="load-failed">
        <Text size="sm">{i18n.t('app.loadFailedHint')}</Text>
        <Text size="xs" c="dimmed" style={{ userSelect: 'text' }}>{this.state.error.message}</Text>
        <Button mt="sm" onClick={this.retry}>{i18n.t('app.retry')}</Button>
      </Alert>
    );
  }
}
