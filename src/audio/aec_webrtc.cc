/* aec_webrtc.cc: webrtc-audio-processing's echo canceller behind
 * aec_webrtc.h. */
#include "aec_webrtc.h"

#include <cstring>
#include <new>

#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

struct aec_webrtc {
    webrtc::AudioProcessing *apm;
    webrtc::AudioFrame far, near;
};

namespace {
const int kRate = 16000, kFrame = 160;

void frame_setup(webrtc::AudioFrame *f)
{
    f->sample_rate_hz_ = kRate;
    f->num_channels_ = 1;
    f->samples_per_channel_ = kFrame;
}
} // namespace

aec_webrtc *aec_webrtc_create(int level)
{
    aec_webrtc *w = new (std::nothrow) aec_webrtc();
    if (!w)
        return nullptr;
    webrtc::Config config;
    config.Set<webrtc::ExtendedFilter>(new webrtc::ExtendedFilter(true));
    config.Set<webrtc::DelayAgnostic>(new webrtc::DelayAgnostic(true));
    w->apm = webrtc::AudioProcessing::Create(config);
    if (!w->apm) {
        delete w;
        return nullptr;
    }
    webrtc::EchoCancellation *ec = w->apm->echo_cancellation();
    ec->enable_drift_compensation(false);
    ec->set_suppression_level(level <= 0   ? webrtc::EchoCancellation::kLowSuppression
                              : level == 1 ? webrtc::EchoCancellation::kModerateSuppression
                                           : webrtc::EchoCancellation::kHighSuppression);
    if (ec->Enable(true) != webrtc::AudioProcessing::kNoError) {
        delete w->apm;
        delete w;
        return nullptr;
    }
    frame_setup(&w->far);
    frame_setup(&w->near);
    return w;
}

void aec_webrtc_destroy(aec_webrtc *w)
{
    if (!w)
        return;
    delete w->apm;
    delete w;
}

int aec_webrtc_frame(aec_webrtc *w, const int16_t *mic, const int16_t *ref, int16_t *out)
{
    std::memcpy(w->far.data_, ref, kFrame * sizeof *ref);
    std::memcpy(w->near.data_, mic, kFrame * sizeof *mic);
    if (w->apm->ProcessReverseStream(&w->far) != webrtc::AudioProcessing::kNoError)
        return -1;
    /* the reference reaches us already lined up with the microphone (the
     * echo comes after it by the room's delay, which the canceller finds) */
    w->apm->set_stream_delay_ms(0);
    if (w->apm->ProcessStream(&w->near) != webrtc::AudioProcessing::kNoError)
        return -1;
    std::memcpy(out, w->near.data_, kFrame * sizeof *out);
    return 0;
}
