import type { ReactNode } from 'react';

interface ViewHeaderProps {
  /** Lets the view's section point at its heading (aria-labelledby). */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly actions?: ReactNode;
}

/**
 * The one h1 of a view. It takes focus (tabIndex -1) when the view changes, so keyboard and
 * screen-reader users land at the start of the new content.
 */
export function ViewHeader({ id, title, description, actions }: ViewHeaderProps) {
  return (
    <div className="view-header">
      <div className="view-header__text">
        <h1 className="view-header__title" id={id} tabIndex={-1} data-view-heading="">
          {title}
        </h1>
        {description ? <p className="view-header__description">{description}</p> : null}
      </div>
      {actions ? <div className="view-header__actions">{actions}</div> : null}
    </div>
  );
}
