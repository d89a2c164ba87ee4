// Where the app is served: "/" or a path of another site's host, such as "/cowbell/" (BASE_PATH).
// The server names it in index.html's <base href>, and the build names every file relative to that,
// so one build works under any path.
// Outside a page (unit tests in Node) there is no document: the app is then at "/".
export const appBase = typeof document === 'undefined' ? '/' : new URL('./', document.baseURI).pathname;

/** This app's URL on its server, without the trailing slash ("https://mail.example.org/cowbell"). */
export const appUrl = () => new URL(appBase, window.location.origin).href.replace(/\/$/, '');
