/** A short, user-written error in place; never a stack trace. */
export function ErrorNotice({ message }: { readonly message: string }) {
  return (
    <p className="error-notice" role="alert">
      {message}
    </p>
  );
}
