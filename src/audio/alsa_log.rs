//! alsa-lib's own error messages, routed into our log.
//!
//! Left alone, alsa-lib prints lines such as `ALSA lib confmisc.c:855:
//! (parse_card) cannot find card '0'` straight to the terminal, a dozen of
//! them before the app can say in one line that there is no sound card. A
//! thread that is about to talk to ALSA (through cpal) calls
//! [`route_this_thread`] first: alsa-lib then hands each message to our
//! handler, which logs it at debug level under the `alsa` target, so it shows
//! on the terminal only with `--verbose` and always lands in the log file.
//!
//! alsa-lib keeps this handler per thread (`snd_lib_error_set_local`), which
//! is why each thread installs it. Elsewhere than Linux this does nothing.

/// Send alsa-lib's error messages raised on the calling thread to the log.
#[cfg(target_os = "linux")]
pub fn route_this_thread() {
    // SAFETY: installs a function pointer with the signature alsa-lib expects
    // for a thread's local error handler; nothing else to uphold.
    unsafe {
        alsa_sys::snd_lib_error_set_local(Some(handler));
    }
}

/// Send alsa-lib's error messages raised on the calling thread to the log.
#[cfg(not(target_os = "linux"))]
pub fn route_this_thread() {}

/// Called by alsa-lib with a printf format and its arguments: formats them
/// with alsa-lib's own printf into a memory buffer and logs the result.
#[cfg(target_os = "linux")]
unsafe extern "C" fn handler(
    file: *const std::ffi::c_char,
    line: std::ffi::c_int,
    function: *const std::ffi::c_char,
    err: std::ffi::c_int,
    fmt: *const std::ffi::c_char,
    args: *mut alsa_sys::__va_list_tag,
) {
    use std::ffi::CStr;
    let text_of = |p: *const std::ffi::c_char| {
        if p.is_null() {
            String::new()
        } else {
            // SAFETY: alsa-lib passes NUL-terminated strings or null.
            unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
        }
    };
    let mut message = String::new();
    // SAFETY: a buffer output is opened, written with alsa-lib's own vprintf
    // over the format and arguments it gave us, read, and closed; the string
    // it returns lives until the close, and is copied before.
    unsafe {
        let mut out = std::ptr::null_mut();
        if alsa_sys::snd_output_buffer_open(&mut out) == 0 {
            alsa_sys::snd_output_vprintf(out, fmt, args);
            let mut buf = std::ptr::null_mut();
            let len = alsa_sys::snd_output_buffer_string(out, &mut buf);
            if len > 0 && !buf.is_null() {
                let bytes = std::slice::from_raw_parts(buf.cast::<u8>(), len);
                message = String::from_utf8_lossy(bytes).into_owned();
            }
            alsa_sys::snd_output_close(out);
        }
    }
    let (file, function) = (text_of(file), text_of(function));
    let reason = if err != 0 {
        // SAFETY: snd_strerror returns a static NUL-terminated string.
        format!(": {}", text_of(unsafe { alsa_sys::snd_strerror(err) }))
    } else {
        String::new()
    };
    tracing::debug!(target: "alsa", "{file}:{line}:({function}) {message}{reason}");
}

#[cfg(test)]
#[cfg(target_os = "linux")]
mod tests {
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::layer::SubscriberExt;

    /// Collects what is logged, as text.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn alsa_lib_errors_reach_the_log_not_the_terminal() {
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::registry().with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || writer.clone()),
        );
        tracing::subscriber::with_default(subscriber, || {
            super::route_this_thread();
            let name = std::ffi::CString::new("no_such_pcm_for_safevoice").unwrap();
            let mut pcm = std::ptr::null_mut();
            // SAFETY: opening a PCM by a name no configuration defines fails
            // and leaves `pcm` null; alsa-lib reports it through the handler.
            let rc = unsafe {
                alsa_sys::snd_pcm_open(
                    &mut pcm,
                    name.as_ptr(),
                    alsa_sys::SND_PCM_STREAM_PLAYBACK,
                    0,
                )
            };
            assert!(rc < 0);
        });
        let logged = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(logged.contains("DEBUG alsa:"), "{logged}");
        assert!(logged.contains("no_such_pcm_for_safevoice"), "{logged}");
    }
}
