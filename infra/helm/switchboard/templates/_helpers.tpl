{{/*
Names. The base name is cut at 45 characters so that "<base>-server", "<base>-worker" and the
Redis StatefulSet's pod and revision names stay within Kubernetes' 63.
*/}}
{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 45 | trimSuffix "-" -}}
{{- end -}}

{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 45 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 45 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 45 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "switchboard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "switchboard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "switchboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "switchboard.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "switchboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "switchboard.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret whose keys become environment variables: the user's, or the chart's. */}}
{{- define "switchboard.secretName" -}}
{{- .Values.secret.existingSecret | default (include "switchboard.fullname" .) -}}
{{- end -}}

{{/*
The Qdrant chart's fullname, computed as that chart does (as a dependency its chart name is
"qdrant"): its Service, and the Secret "<fullname>-apikey" holding the generated API key.
*/}}
{{- define "switchboard.qdrantFullname" -}}
{{- if .Values.qdrant.fullnameOverride -}}
{{- .Values.qdrant.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default "qdrant" .Values.qdrant.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Environment of servers and workers (the same configuration; the server adds SWITCHBOARD_WORKER).
Secret values come from the Secret through envFrom; these are the wiring to Redis and Qdrant
and the plain values of .Values.env.
*/}}
{{- define "switchboard.env" -}}
- name: SWITCHBOARD_DATA_DIR
  value: /var/lib/switchboard
{{- if .Values.redis.enabled }}
{{- if .Values.redis.auth.enabled }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "switchboard.secretName" . }}
      key: REDIS_PASSWORD
- name: REDIS_URL
  value: "redis://:$(REDIS_PASSWORD)@{{ include "switchboard.fullname" . }}-redis:6379"
{{- else }}
- name: REDIS_URL
  value: "redis://{{ include "switchboard.fullname" . }}-redis:6379"
{{- end }}
{{- end }}
{{- if .Values.qdrant.enabled }}
- name: QDRANT_URL
  value: "http://{{ include "switchboard.qdrantFullname" . }}:6333"
{{- if .Values.qdrant.apiKey }}
- name: QDRANT_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "switchboard.qdrantFullname" . }}-apikey
      key: api-key
{{- end }}
{{- else if .Values.externalQdrant.url }}
- name: QDRANT_URL
  value: {{ .Values.externalQdrant.url | quote }}
{{- end }}
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Volumes every Switchboard pod mounts: its data directory and a writable /tmp. */}}
{{- define "switchboard.volumes" -}}
- name: data
{{- if .Values.dataVolume.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.dataVolume.existingClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
- name: tmp
  emptyDir: {}
{{- end -}}

{{- define "switchboard.volumeMounts" -}}
- name: data
  mountPath: /var/lib/switchboard
- name: tmp
  mountPath: /tmp
{{- end -}}
