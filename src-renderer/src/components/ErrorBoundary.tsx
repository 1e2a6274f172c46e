import { Component, type ReactNode } from 'react';

interface ErrorBoundaryProps {
  readonly children: ReactNode;
  /** What to show instead of the children; `retry` draws them again. */
  readonly fallback: (retry: () => void) => ReactNode;
}

/**
 * Keeps a render error inside the part of the window that failed. Logging happens once, at the
 * root (createRoot's onCaughtError in main.tsx), so it is the same for every boundary.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { readonly failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  private readonly retry = () => this.setState({ failed: false });

  override render() {
    return this.state.failed ? this.props.fallback(this.retry) : this.props.children;
  }
}
