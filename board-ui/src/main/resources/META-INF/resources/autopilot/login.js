// Shows the sign-in error after a refused login (the server sends the form back with ?error=1).
if (new URLSearchParams(location.search).has('error')) {
  document.getElementById('error').hidden = false;
}
